"""Front desk use cases: intake, status changes, whereabouts, quotes, notices, parts
pre-orders and settlement. Each action is one call of a database function (revision
0009), i.e. one round trip on the autocommit reader; the pure rules in domain/ run
first so that the operator sees a clear message before anything is sent."""
