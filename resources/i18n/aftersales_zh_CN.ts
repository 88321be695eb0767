<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>The operation could not be completed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong operator code or password. Check the code and try again (passwords are case-sensitive).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator {code} is disabled and cannot log in. Ask a manager to enable the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code} is not an operator of this shop database. Ask the administrator to add you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server {server} cannot be reached. Check the network or VPN connection and that the server is running, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A secure (TLS) connection to {server} could not be established: {detail}. Check the server&apos;s certificate and the CA file in the connection settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server {server} has no database named {database}. Check the connection settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shop database is older than this client (database version {found}, client needs {expected}). Ask the administrator to run &quot;aftersales-server upgrade&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shop database is newer than this client (database version {found}). Install the latest version of After-sales Desktop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server was lost. Your work is kept; it will be saved when the connection is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You do not have permission for this action ({action}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a whole number such as 100, a comparison such as &gt;100 or &lt;=5, or a range such as 10..20.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an amount such as 100 or 99.50, a comparison such as &gt;100, or a range such as 10..20.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a date as 2026-11-23, a month as 2026-11, a range such as 2026-11-01..2026-11-30, or a comparison such as &gt;2026-11-01.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter yes or no (是 or 否).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A phone filter takes digits only, for example 138 or 5678.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The range starts after it ends ({low}..{high}); swap the two values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{value} is not a date on the calendar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows whose text contains what you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the operator code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operator code must be 2-30 letters, digits or _ and start with a letter (for example zhangmin or a001).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code} is reserved; choose another code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the operator&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name is too long (at most 50 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must have at least {n} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must not be the operator code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown capability: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator {code} already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a new shop database. Create the administrator account: it can add the other operators and set their permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-sales Desktop - Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-sales Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repair shop service management, version {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Servers...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a server...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit this server...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. zhangmin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember my password on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer (built-in database)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a server first (Servers... &gt; Add a server).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to {server}...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-sales Desktop - {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome, {name}.
Open a function from the menu or the toolbar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide sensitive data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator: {name} ({code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: {server} ({security})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This tab has unsaved changes. Close it and discard them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensitive data hidden (Ctrl+H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensitive data shown (Ctrl+H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server was lost. Retrying... Open forms stay as they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About After-sales Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-sales Desktop {version}
Service management for repair shops.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unexpected error occurred. The details have been logged; please tell your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Front &amp;desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;ispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Warehouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Callbacks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ommissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No encryption (only on this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypt if the server can</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always encrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypt and check the shop&apos;s CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypt, check CA and server name (remote / VPN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10 or server.shop.lan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords are never stored here. Remote and VPN connections should use &quot;Encrypt, check CA and server name&quot; with the shop&apos;s CA file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a name for this server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A server named {name} already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the database name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the shop&apos;s CA certificate file to check the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows already open keep their language until the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the built-in database...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo shop: log in as admin, zhangmin (counter), chenjie (manager) or lina (warehouse); password {password}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in database could not start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
