"""Dispatch (派工): assigning tickets' work to technicians and service outlets, the
technicians' own jobs, work reports and review (issue 12; docs/dispatch.md).

Every action is one database function call (revision 0018's `app.dispatch_*`, `app.job_*`
and the reads); the database checks the capabilities, the skills and the bookings, so
these modules only build the call and hand back what the server returns.
"""
