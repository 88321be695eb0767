<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>The operation could not be completed.</source>
        <translation>操作未能完成。</translation>
    </message>
    <message>
        <source>Could not connect to the server.</source>
        <translation>无法连接到服务器。</translation>
    </message>
    <message>
        <source>Wrong operator code or password. Check the code and try again (passwords are case-sensitive).</source>
        <translation>操作员代码或密码错误。请检查后重试（密码区分大小写）。</translation>
    </message>
    <message>
        <source>Operator {code} is disabled and cannot log in. Ask a manager to enable the account.</source>
        <translation>操作员 {code} 已停用，无法登录。请联系经理启用该账号。</translation>
    </message>
    <message>
        <source>{code} is not an operator of this shop database. Ask the administrator to add you.</source>
        <translation>{code} 不是本店数据库中的操作员。请联系系统管理员添加。</translation>
    </message>
    <message>
        <source>The server {server} cannot be reached. Check the network or VPN connection and that the server is running, then try again.</source>
        <translation>无法访问服务器 {server}。请检查网络或 VPN 连接，并确认服务器正在运行，然后重试。</translation>
    </message>
    <message>
        <source>A secure (TLS) connection to {server} could not be established: {detail}. Check the server&apos;s certificate and the CA file in the connection settings.</source>
        <translation>无法与 {server} 建立安全（TLS）连接：{detail}。请检查服务器证书以及连接设置中的 CA 文件。</translation>
    </message>
    <message>
        <source>The server {server} has no database named {database}. Check the connection settings.</source>
        <translation>服务器 {server} 上没有名为 {database} 的数据库。请检查连接设置。</translation>
    </message>
    <message>
        <source>The shop database is older than this client (database version {found}, client needs {expected}). Ask the administrator to run &quot;aftersales-server upgrade&quot;.</source>
        <translation>本店数据库版本低于此客户端（数据库版本 {found}，客户端需要 {expected}）。请联系系统管理员运行“aftersales-server upgrade”。</translation>
    </message>
    <message>
        <source>The shop database is newer than this client (database version {found}). Install the latest version of After-sales Desktop.</source>
        <translation>本店数据库版本高于此客户端（数据库版本 {found}）。请安装最新版本的售后服务管理。</translation>
    </message>
    <message>
        <source>The connection to the server was lost. Check the network, then try again; a save that reached the server is not applied twice.</source>
        <translation>与服务器的连接已断开。请检查网络后重试；已到达服务器的保存不会重复生效。</translation>
    </message>
    <message>
        <source>Another operator was changing the same records at the same moment. Nothing was saved; try again.</source>
        <translation>另一位操作员正在同时修改相同的记录。本次未保存任何内容，请重试。</translation>
    </message>
    <message>
        <source>The server took too long to answer and stopped. Nothing was changed; try again, or narrow the search.</source>
        <translation>服务器响应超时，操作已中止。未做任何更改；请重试，或缩小查询范围。</translation>
    </message>
    <message>
        <source>You do not have permission for this action ({action}).</source>
        <translation>您没有执行此操作的权限（{action}）。</translation>
    </message>
    <message>
        <source>Enter a whole number such as 100, a comparison such as &gt;100 or &lt;=5, or a range such as 10..20.</source>
        <translation>请输入整数（如 100）、比较条件（如 &gt;100 或 &lt;=5）或范围（如 10..20）。</translation>
    </message>
    <message>
        <source>Enter an amount such as 100 or 99.50, a comparison such as &gt;100, or a range such as 10..20.</source>
        <translation>请输入金额（如 100 或 99.50）、比较条件（如 &gt;100）或范围（如 10..20）。</translation>
    </message>
    <message>
        <source>Enter a date as 2026-11-23, a month as 2026-11, a range such as 2026-11-01..2026-11-30, or a comparison such as &gt;2026-11-01.</source>
        <translation>请输入日期（如 2026-11-23）、月份（如 2026-11）、范围（如 2026-11-01..2026-11-30）或比较条件（如 &gt;2026-11-01）。</translation>
    </message>
    <message>
        <source>Enter yes or no (是 or 否).</source>
        <translation>请输入“是”或“否”（也可输入 yes 或 no）。</translation>
    </message>
    <message>
        <source>A phone filter takes digits only, for example 138 or 5678.</source>
        <translation>电话筛选只能输入数字，例如 138 或 5678。</translation>
    </message>
    <message>
        <source>The range starts after it ends ({low}..{high}); swap the two values.</source>
        <translation>范围的起始值大于结束值（{low}..{high}），请交换这两个值。</translation>
    </message>
    <message>
        <source>{value} is not a date on the calendar.</source>
        <translation>{value} 不是有效的日期，请检查后重试。</translation>
    </message>
    <message>
        <source>Rows whose text contains what you type.</source>
        <translation>显示文本中包含所输入内容的行。</translation>
    </message>
    <message>
        <source>Enter the operator code.</source>
        <translation>请输入操作员代码。</translation>
    </message>
    <message>
        <source>The operator code must be 2-30 letters, digits or _ and start with a letter (for example zhangmin or a001).</source>
        <translation>操作员代码须由 2-30 个字母、数字或下划线（_）组成，并以字母开头（例如 zhangmin 或 a001）。</translation>
    </message>
    <message>
        <source>{code} is reserved; choose another code.</source>
        <translation>{code} 为系统保留代码，请另选一个代码。</translation>
    </message>
    <message>
        <source>Enter the operator&apos;s name.</source>
        <translation>请输入操作员姓名。</translation>
    </message>
    <message>
        <source>The name is too long (at most 50 characters).</source>
        <translation>姓名过长（最多 50 个字符）。</translation>
    </message>
    <message>
        <source>The password must have at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <source>The password must not be the operator code.</source>
        <translation>密码不能与操作员代码相同。</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
    <message>
        <source>Operator {code} was changed by someone else meanwhile. Reload it and apply your change again.</source>
        <translation>操作员 {code} 已被其他人修改。请重新加载后再次进行修改。</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>不能停用自己的账号。</translation>
    </message>
    <message>
        <source>You cannot take away your own right to administer operators.</source>
        <translation>不能取消自己管理操作员的权限。</translation>
    </message>
    <message>
        <source>There is no operator {code}.</source>
        <translation>操作员 {code} 不存在。</translation>
    </message>
    <message>
        <source>Unknown position template.</source>
        <translation>未知的岗位模板。</translation>
    </message>
    <message>
        <source>Unknown capability: {names}</source>
        <translation>未知权限：{names}</translation>
    </message>
    <message>
        <source>Enter a password for the new operator.</source>
        <translation>请为新操作员输入密码。</translation>
    </message>
    <message>
        <source>Operator {code} already exists.</source>
        <translation>操作员 {code} 已存在，请使用其他代码。</translation>
    </message>
    <message>
        <source>Create the administrator</source>
        <translation>创建系统管理员</translation>
    </message>
    <message>
        <source>This is a new shop database. Create the administrator account: it can add the other operators and set their permissions.</source>
        <translation>这是一个新的门店数据库。请创建系统管理员账号，之后可用它添加其他操作员并设置其权限。</translation>
    </message>
    <message>
        <source>Take in repairs</source>
        <translation>前台接单</translation>
    </message>
    <message>
        <source>Edit repair tickets</source>
        <translation>修改维修单</translation>
    </message>
    <message>
        <source>Cancel repair tickets</source>
        <translation>撤销维修单</translation>
    </message>
    <message>
        <source>Override the warranty decision</source>
        <translation>更改保修判定</translation>
    </message>
    <message>
        <source>Send customer notices</source>
        <translation>发送客户通知</translation>
    </message>
    <message>
        <source>Settle and collect payment</source>
        <translation>取机结账收款</translation>
    </message>
    <message>
        <source>Release a unit without settlement</source>
        <translation>未结账放机</translation>
    </message>
    <message>
        <source>Void a settlement</source>
        <translation>作废结账</translation>
    </message>
    <message>
        <source>Dispatch on-site jobs</source>
        <translation>上门派工</translation>
    </message>
    <message>
        <source>Requisition parts</source>
        <translation>领料</translation>
    </message>
    <message>
        <source>Edit requisitions</source>
        <translation>修改领料单</translation>
    </message>
    <message>
        <source>Post stock documents</source>
        <translation>过账进出仓单</translation>
    </message>
    <message>
        <source>Edit posted stock documents</source>
        <translation>修改已过账进出仓单</translation>
    </message>
    <message>
        <source>Count stock (stocktake)</source>
        <translation>盘点库存</translation>
    </message>
    <message>
        <source>See cost prices</source>
        <translation>查看成本价</translation>
    </message>
    <message>
        <source>See customer phone numbers</source>
        <translation>查看客户电话</translation>
    </message>
    <message>
        <source>Record callback surveys</source>
        <translation>登记回访单</translation>
    </message>
    <message>
        <source>Review finished jobs</source>
        <translation>审核完工单</translation>
    </message>
    <message>
        <source>Undo a review</source>
        <translation>反审核完工单</translation>
    </message>
    <message>
        <source>Handle complaints</source>
        <translation>处理投诉</translation>
    </message>
    <message>
        <source>See own commission</source>
        <translation>查看本人提成</translation>
    </message>
    <message>
        <source>See all commissions</source>
        <translation>查看全部提成</translation>
    </message>
    <message>
        <source>Set commission rules</source>
        <translation>设置提成规则</translation>
    </message>
    <message>
        <source>Settle monthly commissions</source>
        <translation>月度提成结算</translation>
    </message>
    <message>
        <source>Edit master data</source>
        <translation>维护基础资料</translation>
    </message>
    <message>
        <source>View reports</source>
        <translation>查看报表</translation>
    </message>
    <message>
        <source>Export lists to Excel</source>
        <translation>导出列表到 Excel</translation>
    </message>
    <message>
        <source>Administer operators</source>
        <translation>管理操作员</translation>
    </message>
    <message>
        <source>Change shop settings</source>
        <translation>修改门店设置</translation>
    </message>
    <message>
        <source>Read the change log</source>
        <translation>查看操作日志</translation>
    </message>
    <message>
        <source>Counter staff</source>
        <translation>柜台</translation>
    </message>
    <message>
        <source>Dispatcher</source>
        <translation>派工员</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>服务工程师</translation>
    </message>
    <message>
        <source>Warehouse clerk</source>
        <translation>仓管员</translation>
    </message>
    <message>
        <source>Callback staff</source>
        <translation>回访员</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Logout</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Change log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Inquiries</source>
        <translation>咨询记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer code</source>
        <translation>客户编码</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>咨询类别</translation>
    </message>
    <message>
        <source>Channel</source>
        <comment>of an inquiry</comment>
        <translation>咨询方式</translation>
    </message>
    <message>
        <source>Ticket or pre-order</source>
        <translation>维修单或预订购件</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>答复人</translation>
    </message>
    <message>
        <source>Operator code</source>
        <translation>操作员代码</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>操作员姓名</translation>
    </message>
    <message>
        <source>Record type</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用程序</translation>
    </message>
    <message>
        <source>Client address</source>
        <translation>客户端地址</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Failed login</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Refused action</source>
        <translation>被拒绝的操作</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>创建人</translation>
    </message>
    <message>
        <source>Active (may log in)</source>
        <translation>启用（可以登录）</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <source>Capabilities (ticked = has it; marked when it differs from the template)</source>
        <translation>权限（勾选 = 拥有；与岗位模板不同时加标记）</translation>
    </message>
    <message>
        <source>New operator</source>
        <translation>新建操作员</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
    <message>
        <source>(no ticket)</source>
        <translation>（无维修单）</translation>
    </message>
    <message>
        <source>Customer #{id}</source>
        <translation>客户 #{id}</translation>
    </message>
    <message>
        <source>Caller&apos;s phone, name or serial</source>
        <translation>来电人的电话、姓名或序列号</translation>
    </message>
    <message>
        <source>What the customer complains about, in a line</source>
        <translation>一句话概括客户投诉的内容</translation>
    </message>
    <message>
        <source>Look the caller up by phone, name or serial and choose them.</source>
        <translation>请按电话、姓名或序列号查找来电人并选中。</translation>
    </message>
    <message>
        <source>New complaint ({source})</source>
        <translation>新建投诉（{source}）</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Open it (Ctrl+O)</source>
        <translation>打开（Ctrl+O）</translation>
    </message>
    <message>
        <source>A customer&apos;s complaint by phone</source>
        <translation>客户来电投诉</translation>
    </message>
    <message>
        <source>Complaint {number} is opened.</source>
        <translation>投诉 {number} 已登记。</translation>
    </message>
    <message>
        <source>Change</source>
        <comment>amend a posted document</comment>
        <translation>修改</translation>
    </message>
    <message>
        <source>Change the posted document: saving posts a reversal and the changed document in one go.</source>
        <translation>修改已过账的单据：保存时将同时过账一张冲销单和修改后的单据。</translation>
    </message>
    <message>
        <source>Callback statistics</source>
        <translation>回访统计</translation>
    </message>
    <message>
        <source>By technician</source>
        <translation>按服务工程师</translation>
    </message>
    <message>
        <source>By service mode</source>
        <translation>按服务方式</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>按月份</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Period: {start} to {end}</source>
        <translation>统计期间：{start} 至 {end}</translation>
    </message>
    <message>
        <source>Service mode: {name}</source>
        <translation>服务方式：{name}</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <source>New document</source>
        <translation>新单据</translation>
    </message>
    <message>
        <source>Being changed</source>
        <translation>修改中</translation>
    </message>
    <message>
        <source>This document has unsaved changes. Discard them?</source>
        <translation>此单据有未保存的修改。要放弃这些修改吗？</translation>
    </message>
    <message>
        <source>Prepared by</source>
        <translation>制单人</translation>
    </message>
    <message>
        <source>Storekeeper</source>
        <translation>仓管员</translation>
    </message>
    <message>
        <source>Delivered by</source>
        <translation>送货人</translation>
    </message>
    <message>
        <source>Handed in by</source>
        <translation>交货人</translation>
    </message>
    <message>
        <source>Received by</source>
        <comment>signs for goods</comment>
        <translation>收货人</translation>
    </message>
    <message>
        <source>Sent by</source>
        <comment>signs for goods</comment>
        <translation>发货人</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <source>DRAFT</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>CANCELLED</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>REVERSAL</source>
        <translation>冲销单</translation>
    </message>
    <message>
        <source>From warehouse</source>
        <translation>调出仓库</translation>
    </message>
    <message>
        <source>To warehouse</source>
        <translation>调入仓库</translation>
    </message>
    <message>
        <source>Scrap warehouse</source>
        <translation>报损库</translation>
    </message>
    <message>
        <source>Merchant-return warehouse</source>
        <translation>商返库</translation>
    </message>
    <message>
        <source>Into warehouse</source>
        <translation>入库仓库</translation>
    </message>
    <message>
        <source>Reversed by</source>
        <translation>被冲销单据</translation>
    </message>
    <message>
        <source>Cancel reason</source>
        <translation>作废原因</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Total: {count} lines</source>
        <translation>合计：{count} 行</translation>
    </message>
    <message>
        <source>Line removed. Ctrl+Z brings it back.</source>
        <translation>已删除该行。按 Ctrl+Z 可恢复。</translation>
    </message>
    <message>
        <source>The item could not be looked up: {reason}</source>
        <translation>无法查找该产品：{reason}</translation>
    </message>
    <message>
        <source>Line {line}: {code} quantity {quantity}</source>
        <translation>第 {line} 行：{code} 数量 {quantity}</translation>
    </message>
    <message>
        <source>Choose an item from the list, or type its code.</source>
        <translation>请从列表中选择产品，或输入其编码。</translation>
    </message>
    <message>
        <source>Line {line}: {message}</source>
        <translation>第 {line} 行：{message}</translation>
    </message>
    <message>
        <source>still being looked up; try again in a moment.</source>
        <translation>仍在查找中，请稍后再试。</translation>
    </message>
    <message>
        <source>Done: the document is now {state}.</source>
        <translation>已完成：单据现为“{state}”。</translation>
    </message>
    <message>
        <source>Reload the document now?</source>
        <translation>要现在重新加载此单据吗？</translation>
    </message>
    <message>
        <source>Save the document before printing it.</source>
        <translation>请先保存单据再打印。</translation>
    </message>
    <message>
        <source>(no template)</source>
        <translation>（无模板）</translation>
    </message>
    <message>
        <source>At least 8 characters, not the operator code.</source>
        <translation>至少 8 个字符，且不能与操作员代码相同。</translation>
    </message>
    <message>
        <source>Operator {code}</source>
        <translation>操作员 {code}</translation>
    </message>
    <message>
        <source>Leave empty to keep the password; type a new one to reset it.</source>
        <translation>留空则保留原密码；输入新密码即重置。</translation>
    </message>
    <message>
        <source>  [added]</source>
        <translation>  [增加]</translation>
    </message>
    <message>
        <source>  [removed]</source>
        <translation>  [取消]</translation>
    </message>
    <message>
        <source>{count} capabilities in effect after saving.</source>
        <translation>保存后共有 {count} 项权限生效。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>After-sales Desktop - Log in</source>
        <translation>售后服务管理 - 登录</translation>
    </message>
    <message>
        <source>After-sales Desktop</source>
        <translation>售后服务管理</translation>
    </message>
    <message>
        <source>Repair shop service management, version {version}</source>
        <translation>维修门店服务管理，版本 {version}</translation>
    </message>
    <message>
        <source>Servers...</source>
        <translation>服务器…</translation>
    </message>
    <message>
        <source>Add a server...</source>
        <translation>添加服务器…</translation>
    </message>
    <message>
        <source>Edit this server...</source>
        <translation>编辑此服务器…</translation>
    </message>
    <message>
        <source>Remove this server</source>
        <translation>移除此服务器</translation>
    </message>
    <message>
        <source>e.g. zhangmin</source>
        <translation>例如 zhangmin</translation>
    </message>
    <message>
        <source>Remember my password on this computer</source>
        <translation>在此电脑上记住密码</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>This computer (built-in database)</source>
        <translation>此电脑（本机数据库）</translation>
    </message>
    <message>
        <source>Add a server first (Servers... &gt; Add a server).</source>
        <translation>请先添加服务器（服务器… &gt; 添加服务器）。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Connecting to {server}...</source>
        <translation>正在连接 {server}…</translation>
    </message>
    <message>
        <source>After-sales Desktop - {name}</source>
        <translation>售后服务管理 - {name}</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Other open jobs</source>
        <translation>其他未完工</translation>
    </message>
    <message>
        <source>Finished recently</source>
        <translation>近期完工</translation>
    </message>
    <message>
        <source>promised {date}</source>
        <translation>承诺 {date}</translation>
    </message>
    <message>
        <source>Search ticket, customer, address, fault</source>
        <translation>搜索单号、客户、地址、故障</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Start</source>
        <comment>start a job</comment>
        <translation>开工</translation>
    </message>
    <message>
        <source>Report work...</source>
        <translation>填写完工报告…</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <source>(urgent)</source>
        <translation>（加急）</translation>
    </message>
    <message>
        <source>{today} today, {open} other open, {late} late</source>
        <translation>今天 {today} 单，其他未完工 {open} 单，超期 {late} 单</translation>
    </message>
    <message>
        <source>No jobs are assigned to you.</source>
        <translation>目前没有派给您的工作。</translation>
    </message>
    <message>
        <source>The job is {state}; only an assigned job can be started.</source>
        <translation>该派工当前为“{state}”；只有“已派工”的才能开工。</translation>
    </message>
    <message>
        <source>Parts are requisitioned for an open job only.</source>
        <translation>只能为未完工的派工领料。</translation>
    </message>
    <message>
        <source>Job {number} started.</source>
        <translation>{number} 已开工。</translation>
    </message>
    <message>
        <source>Work on {number} reported as finished.</source>
        <translation>{number} 已报完工。</translation>
    </message>
    <message>
        <source>Status board</source>
        <translation>状态看板</translation>
    </message>
    <message>
        <source>Ticket no., phone, name or serial</source>
        <translation>单号、电话、姓名或序列号</translation>
    </message>
    <message>
        <source>No ticket {number}.</source>
        <translation>找不到维修单 {number}。</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>维修单</translation>
    </message>
    <message>
        <source>Welcome, {name}.
Open a function from the menu or the toolbar.</source>
        <translation>欢迎，{name}。
请从菜单或工具栏打开所需功能。</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Search all columns (Ctrl+F)</source>
        <translation>全字段过滤（Ctrl+F）</translation>
    </message>
    <message>
        <source>Technician: type part of a name, Enter assigns</source>
        <translation>服务工程师：输入姓名的一部分，按 Enter 派工</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation>服务工程师</translation>
    </message>
    <message>
        <source>Service outlets (outsourced work)</source>
        <translation>服务网点（外协）</translation>
    </message>
    <message>
        <source>Assign... (Enter)</source>
        <translation>派工… (Enter)</translation>
    </message>
    <message>
        <source>Reassign...</source>
        <translation>改派…</translation>
    </message>
    <message>
        <source>Unassign...</source>
        <translation>取消派工…</translation>
    </message>
    <message>
        <source>Assign owner...</source>
        <translation>指定处理人…</translation>
    </message>
    <message>
        <source>Wait for the customer...</source>
        <translation>等待客户…</translation>
    </message>
    <message>
        <source>Add note...</source>
        <translation>添加备注…</translation>
    </message>
    <message>
        <source>Resolve...</source>
        <translation>解决…</translation>
    </message>
    <message>
        <source>Close...</source>
        <translation>关闭…</translation>
    </message>
    <message>
        <source>Reopen...</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>{number}: the owner is {owner}.</source>
        <translation>{number}：处理人为 {owner}。</translation>
    </message>
    <message>
        <source>{number}: handling started.</source>
        <translation>{number}：已开始处理。</translation>
    </message>
    <message>
        <source>{number} waits for the customer; the clock is stopped.</source>
        <translation>{number} 等待客户，处理期限暂停计时。</translation>
    </message>
    <message>
        <source>{number}: resumed, the clock runs again.</source>
        <translation>{number}：已恢复处理，处理期限重新计时。</translation>
    </message>
    <message>
        <source>{number}: the note is added.</source>
        <translation>{number}：备注已添加。</translation>
    </message>
    <message>
        <source>{number} is resolved.</source>
        <translation>{number} 已解决。</translation>
    </message>
    <message>
        <source>{number} is closed.</source>
        <translation>{number} 已关闭。</translation>
    </message>
    <message>
        <source>{number} is reopened.</source>
        <translation>{number} 已重新打开。</translation>
    </message>
    <message>
        <source>Summary</source>
        <comment>complaint</comment>
        <translation>投诉概要</translation>
    </message>
    <message>
        <source>Opened</source>
        <comment>complaint</comment>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Customer and ticket</source>
        <translation>客户和维修单</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Open for</source>
        <translation>历时</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>升级情况</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>解决时间</translation>
    </message>
    <message>
        <source>Owner: {name}</source>
        <translation>处理人：{name}</translation>
    </message>
    <message>
        <source>Level {level}</source>
        <translation>第 {level} 级</translation>
    </message>
    <message>
        <source>Survey answers</source>
        <translation>回访答复</translation>
    </message>
    <message>
        <source>Answer</source>
        <comment>survey</comment>
        <translation>答复</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Customer history...</source>
        <translation>客户往来记录…</translation>
    </message>
    <message>
        <source>Open ticket</source>
        <translation>打开维修单</translation>
    </message>
    <message>
        <source>The complaint does not exist, or you may not read it.</source>
        <translation>该投诉不存在，或您无权查看。</translation>
    </message>
    <message>
        <source>Complaint {number}</source>
        <translation>投诉 {number}</translation>
    </message>
    <message>
        <source>{deadline} (clock stopped since {since})</source>
        <translation>{deadline}（自 {since} 起暂停计时）</translation>
    </message>
    <message>
        <source>Escalated ×{level}, last {at}</source>
        <translation>已升级 {level} 次，最近一次 {at}</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>Choose a technician to see their day.</source>
        <translation>选择一位服务工程师，查看其当天安排。</translation>
    </message>
    <message>
        <source>Today: {name}, {count} visits</source>
        <translation>今天：{name}，上门 {count} 次</translation>
    </message>
    <message>
        <source>Type part of the technician&apos;s name and press Enter.</source>
        <translation>请输入服务工程师姓名的一部分，然后按 Enter。</translation>
    </message>
    <message>
        <source>Choose a job first.</source>
        <translation>请先选择一单。</translation>
    </message>
    <message>
        <source>The job is not assigned yet: use Assign.</source>
        <translation>此单尚未派工：请用“派工”。</translation>
    </message>
    <message>
        <source>{number} assigned to {name}, visit {time}.</source>
        <translation>{number} 已派给 {name}，上门时间 {time}。</translation>
    </message>
    <message>
        <source>{number} assigned to {name}.</source>
        <translation>{number} 已派给 {name}。</translation>
    </message>
    <message>
        <source>The job is not assigned.</source>
        <translation>此单尚未派工。</translation>
    </message>
    <message>
        <source>Unassign {number}</source>
        <translation>取消派工 {number}</translation>
    </message>
    <message>
        <source>{number} goes back to the unassigned jobs and {name}&apos;s visit is cancelled: say why.</source>
        <translation>{number} 将退回未派工，{name} 的上门预约将取消：请说明原因。</translation>
    </message>
    <message>
        <source>{number} is unassigned.</source>
        <translation>{number} 已取消派工。</translation>
    </message>
    <message>
        <source>Only an assigned job has a dispatch sheet.</source>
        <translation>只有已派工的单才有派工单。</translation>
    </message>
    <message>
        <source>{count} jobs exported to {path}.</source>
        <translation>已将 {count} 单导出到 {path}。</translation>
    </message>
    <message>
        <source>Export every row matching the filters (Ctrl+E)</source>
        <translation>导出所有符合筛选条件的行（Ctrl+E）</translation>
    </message>
    <message>
        <source>Search all columns</source>
        <translation>全字段过滤</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>分类汇总</translation>
    </message>
    <message>
        <source>Summary</source>
        <comment>of a history row</comment>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>显示更多</translation>
    </message>
    <message>
        <source>All ({n})</source>
        <translation>全部（{n}）</translation>
    </message>
    <message>
        <source>History of {name}</source>
        <translation>{name} 的往来记录</translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>已显示 {shown} 条，共 {total} 条</translation>
    </message>
    <message>
        <source>Nothing recorded for this customer yet.</source>
        <translation>该客户尚无任何记录。</translation>
    </message>
    <message>
        <source>Customer history</source>
        <translation>客户往来记录</translation>
    </message>
    <message>
        <source>Group the rows matching the filters, with counts and totals (Ctrl+G)</source>
        <translation>将符合筛选条件的行分组，显示数量和合计（Ctrl+G）</translation>
    </message>
    <message>
        <source>Reset columns</source>
        <translation>重置列</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Add technician</source>
        <translation>添加服务工程师</translation>
    </message>
    <message>
        <source>Split evenly</source>
        <translation>平均分配</translation>
    </message>
    <message>
        <source>Shares of {number}</source>
        <translation>{number} 的分成</translation>
    </message>
    <message>
        <source>The job is an outlet&apos;s ({outlet}): the outlet is paid the whole commission; there is nothing to share.</source>
        <translation>该派工属于服务网点（{outlet}）：提成全部归该网点，无需分成。</translation>
    </message>
    <message>
        <source>The job is {state}: its shares can no longer change.</source>
        <translation>该派工当前为“{state}”：分成不能再修改。</translation>
    </message>
    <message>
        <source>The job&apos;s commission is split among these technicians; the shares add up to 100 %. Without shares, {name} gets it all.</source>
        <translation>该派工的提成按以下服务工程师分成，比例合计 100 %。不设分成时全部归 {name}。</translation>
    </message>
    <message>
        <source>No shares: {name} gets it all</source>
        <translation>不设分成：全部归 {name}</translation>
    </message>
    <message>
        <source>Shares add up to 100 %</source>
        <translation>分成合计 100 %</translation>
    </message>
    <message>
        <source>Left to share: {percent} %</source>
        <translation>尚未分配：{percent} %</translation>
    </message>
    <message>
        <source>Over 100 % by {percent} %</source>
        <translation>超出 100 %：{percent} %</translation>
    </message>
    <message>
        <source>Reload the job&apos;s shares now?</source>
        <translation>现在重新载入该派工的分成吗？</translation>
    </message>
    <message>
        <source>{count} rows</source>
        <translation>{count} 行</translation>
    </message>
    <message>
        <source>Could not load the list: {message}</source>
        <translation>无法加载列表：{message}</translation>
    </message>
    <message>
        <source>Could not summarize the list: {message}</source>
        <translation>无法汇总列表：{message}</translation>
    </message>
    <message>
        <source>{groups} groups, {count} rows</source>
        <translation>{groups} 组，{count} 行</translation>
    </message>
    <message>
        <source>Rows without a {column} cannot be chosen by a filter; narrow the list another way.</source>
        <translation>没有{column}的行无法通过筛选选出；请用其他方式缩小列表范围。</translation>
    </message>
    <message>
        <source>Exported the summary ({count} lines) to {path}</source>
        <translation>已将汇总（{count} 行）导出到 {path}</translation>
    </message>
    <message>
        <source>Dispatch board</source>
        <translation>调度台</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting… {count} rows</source>
        <translation>正在导出… {count} 行</translation>
    </message>
    <message>
        <source>All technicians</source>
        <translation>全部服务工程师</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Open report</source>
        <translation>打开完工报告</translation>
    </message>
    <message>
        <source>Decided</source>
        <comment>proposals</comment>
        <translation>已处理</translation>
    </message>
    <message>
        <source>All</source>
        <comment>proposals</comment>
        <translation>全部</translation>
    </message>
    <message>
        <source>Waiting</source>
        <comment>proposal state</comment>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Approved</source>
        <comment>proposal state</comment>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Rejected</source>
        <comment>proposal state</comment>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Proposed at</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>New reward or penalty... (Ctrl+N)</source>
        <translation>登记奖惩…（Ctrl+N）</translation>
    </message>
    <message>
        <source>Approve (Ctrl+Enter)</source>
        <translation>审核通过 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Approve (Ctrl+Enter)</source>
        <comment>a reward or penalty</comment>
        <translation>批准 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Reject...</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <source>The proposal is recorded for {month}; it counts once it is approved.</source>
        <translation>奖惩已登记到 {month}；批准后才计入。</translation>
    </message>
    <message>
        <source>Reject the proposal</source>
        <translation>驳回奖惩</translation>
    </message>
    <message>
        <source>{payee}: {amount}, {reason}. The proposal is rejected and does not count; say why.</source>
        <translation>{payee}：{amount}，{reason}。驳回后不计入；请说明原因。</translation>
    </message>
    <message>
        <source>Approved: {payee} {amount}.</source>
        <translation>已批准：{payee} {amount}。</translation>
    </message>
    <message>
        <source>Rejected: {payee} {amount}.</source>
        <translation>已驳回：{payee} {amount}。</translation>
    </message>
    <message>
        <source>Undo review...</source>
        <translation>反审核…</translation>
    </message>
    <message>
        <source>Export to Excel (Ctrl+E)</source>
        <translation>导出到 Excel (Ctrl+E)</translation>
    </message>
    <message>
        <source>Finished from</source>
        <translation>完工日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Jobs: {count}</source>
        <translation>派工数：{count}</translation>
    </message>
    <message>
        <source>The shares of {number} are saved.</source>
        <translation>{number} 的分成已保存。</translation>
    </message>
    <message>
        <source>The work on {number} is reviewed.</source>
        <translation>{number} 已审核。</translation>
    </message>
    <message>
        <source>Undo review</source>
        <translation>反审核</translation>
    </message>
    <message>
        <source>The review of {number} is undone: its report and requisition can change again and it leaves the commission basis. Say why.</source>
        <translation>{number} 将反审核：其完工报告和领料可以再次修改，且不再计入提成。请说明原因。</translation>
    </message>
    <message>
        <source>The review of {number} is undone.</source>
        <translation>{number} 已反审核。</translation>
    </message>
    <message>
        <source>To handle</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Escalated</source>
        <comment>complaint view</comment>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Overdue</source>
        <comment>complaint view</comment>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Resolved</source>
        <comment>complaint view</comment>
        <translation>已解决</translation>
    </message>
    <message>
        <source>All</source>
        <comment>complaint view</comment>
        <translation>全部</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>全部严重程度</translation>
    </message>
    <message>
        <source>Complaint no., customer, phone or ticket (Ctrl+F)</source>
        <translation>投诉单号、客户、电话或维修单号（Ctrl+F）</translation>
    </message>
    <message>
        <source>Open (Enter)</source>
        <translation>打开（Enter）</translation>
    </message>
    <message>
        <source>New complaint... (Ctrl+N)</source>
        <translation>新建投诉…（Ctrl+N）</translation>
    </message>
    <message>
        <source>Open ticket (Ctrl+O)</source>
        <translation>打开维修单（Ctrl+O）</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>{first}-{last} of {total}</source>
        <translation>第 {first}-{last} 条，共 {total} 条</translation>
    </message>
    <message>
        <source>Exported {count} rows to {path}</source>
        <translation>已导出 {count} 行到 {path}</translation>
    </message>
    <message>
        <source>Export failed: {message}</source>
        <translation>导出失败：{message}</translation>
    </message>
    <message>
        <source>Hide sensitive data</source>
        <translation>隐藏敏感数据</translation>
    </message>
    <message>
        <source>Close tab</source>
        <translation>关闭标签页</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Change my &amp;password...</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>退出登录(&amp;L)</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>Operator: {name} ({code})</source>
        <translation>操作员：{name}（{code}）</translation>
    </message>
    <message>
        <source>Server: this computer (built-in database)</source>
        <translation>服务器：此电脑（本机数据库）</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>NOT encrypted</source>
        <translation>未加密</translation>
    </message>
    <message>
        <source>Server: {server} ({security})</source>
        <translation>服务器：{server}（{security}）</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>You cannot open this record.</source>
        <translation>您无权打开此记录。</translation>
    </message>
    <message>
        <source>The intake cannot be opened here.</source>
        <translation>此处无法打开前台接单。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The intake form holds another customer&apos;s ticket. Replace it with this inquiry?</source>
        <translation>接单表单中正在填写其他客户的维修单。要用此咨询替换吗？</translation>
    </message>
    <message>
        <source>From the inquiry of {name}: the ticket&apos;s save links it.</source>
        <translation>来自 {name} 的咨询：保存维修单时将关联该咨询。</translation>
    </message>
    <message>
        <source>This tab has unsaved changes. Close it and discard them?</source>
        <translation>此标签页有未保存的更改。确定要关闭并放弃这些更改吗？</translation>
    </message>
    <message>
        <source>Sensitive data hidden (Ctrl+H)</source>
        <translation>敏感数据已隐藏（Ctrl+H）</translation>
    </message>
    <message>
        <source>Sensitive data shown (Ctrl+H)</source>
        <translation>敏感数据已显示（Ctrl+H）</translation>
    </message>
    <message>
        <source>The connection to the server is back.</source>
        <translation>与服务器的连接已恢复。</translation>
    </message>
    <message>
        <source>The connection to the server was lost. Retrying... Open forms stay as they are.</source>
        <translation>与服务器的连接已断开，正在重试…已打开的表单将保持不变。</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Your password has been changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
    <message>
        <source>About After-sales Desktop</source>
        <translation>关于售后服务管理</translation>
    </message>
    <message>
        <source>After-sales Desktop {version}
Service management for repair shops.</source>
        <translation>售后服务管理 {version}
面向维修门店的售后服务管理软件。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Front &amp;desk</source>
        <translation>前台(&amp;D)</translation>
    </message>
    <message>
        <source>D&amp;ispatch</source>
        <translation>派工(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Warehouse</source>
        <translation>仓库(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Callbacks</source>
        <translation>回访(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;ommissions</source>
        <translation>提成(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>报表(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>New intake</source>
        <translation>前台接单</translation>
    </message>
    <message>
        <source>Ticket search</source>
        <translation>维修单查询</translation>
    </message>
    <message>
        <source>My jobs</source>
        <translation>我的派工</translation>
    </message>
    <message>
        <source>Survey records</source>
        <translation>回访记录</translation>
    </message>
    <message>
        <source>All callback tasks</source>
        <translation>全部回访任务</translation>
    </message>
    <message>
        <source>Complaint handling</source>
        <translation>投诉处理</translation>
    </message>
    <message>
        <source>Register a complaint</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <source>Callback settings</source>
        <translation>回访设置</translation>
    </message>
    <message>
        <source>Log an inquiry</source>
        <translation>咨询登记</translation>
    </message>
    <message>
        <source>Monthly settlement</source>
        <translation>月度结算</translation>
    </message>
    <message>
        <source>My commission</source>
        <translation>我的提成</translation>
    </message>
    <message>
        <source>Commission settings</source>
        <translation>提成设置</translation>
    </message>
    <message>
        <source>Rewards and penalties</source>
        <comment>commission page</comment>
        <translation>奖惩登记</translation>
    </message>
    <message>
        <source>Products and parts</source>
        <translation>产品和配件</translation>
    </message>
    <message>
        <source>Requisitions</source>
        <translation>领料单</translation>
    </message>
    <message>
        <source>Opening stock from Excel</source>
        <translation>从 Excel 导入期初库存</translation>
    </message>
    <message>
        <source>Departments and staff</source>
        <translation>部门和员工</translation>
    </message>
    <message>
        <source>Regions and service outlets</source>
        <translation>区域和服务网点</translation>
    </message>
    <message>
        <source>Service settings</source>
        <translation>服务设置</translation>
    </message>
    <message>
        <source>Front desk settings</source>
        <translation>前台设置</translation>
    </message>
    <message>
        <source>Dictionaries</source>
        <translation>字典</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Login history</source>
        <translation>登录记录</translation>
    </message>
    <message>
        <source>No encryption (server on this computer only)</source>
        <translation>不加密（仅限服务器在本机时）</translation>
    </message>
    <message>
        <source>Encrypt if the server can</source>
        <translation>服务器支持时加密</translation>
    </message>
    <message>
        <source>Always encrypt</source>
        <translation>始终加密</translation>
    </message>
    <message>
        <source>Encrypt and check the shop&apos;s CA</source>
        <translation>加密并验证本店 CA</translation>
    </message>
    <message>
        <source>Encrypt, check CA and server name (remote / VPN)</source>
        <translation>加密并验证 CA 和服务器名称（远程 / VPN）</translation>
    </message>
    <message>
        <source>Server connection</source>
        <translation>服务器连接</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10 or server.shop.lan</source>
        <translation>例如 192.168.1.10 或 server.shop.lan</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Server name</source>
        <translation>服务器名称</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Terms printed on the receipt</source>
        <translation>单据上打印的服务条款</translation>
    </message>
    <message>
        <source>Promised repair period (working days)</source>
        <translation>承诺维修期（工作日）</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Out-of-warranty repair needs an approved quote</source>
        <translation>保外维修须经客户确认报价</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Uncollected after (days)</source>
        <translation>超期未取（天）</translation>
    </message>
    <message>
        <source>Repair warranty (days)</source>
        <translation>维修保修期（天）</translation>
    </message>
    <message>
        <source>Working-day calendar</source>
        <translation>工作日日历</translation>
    </message>
    <message>
        <source>Name</source>
        <comment>of a shop or thing</comment>
        <translation>名称</translation>
    </message>
    <message>
        <source>Holidays (one yyyy-MM-dd per line)</source>
        <translation>节假日（每行一个 yyyy-MM-dd）</translation>
    </message>
    <message>
        <source>Make-up working days (one yyyy-MM-dd per line)</source>
        <translation>调休上班日（每行一个 yyyy-MM-dd）</translation>
    </message>
    <message>
        <source>Values you can use: {names}</source>
        <translation>可用的取值：{names}</translation>
    </message>
    <message>
        <source>Notice templates</source>
        <translation>通知模板</translation>
    </message>
    <message>
        <source>SMS gateway (leave the URL empty to switch SMS off)</source>
        <translation>短信网关（URL 留空则关闭短信）</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>请求方法</translation>
    </message>
    <message>
        <source>Phone parameter</source>
        <translation>手机号参数</translation>
    </message>
    <message>
        <source>Text parameter</source>
        <translation>内容参数</translation>
    </message>
    <message>
        <source>API key header</source>
        <translation>API 密钥请求头</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Success answer contains</source>
        <translation>成功响应包含</translation>
    </message>
    <message>
        <source>Mail server (leave the host empty to switch e-mail off)</source>
        <translation>邮件服务器（主机留空则关闭电子邮件）</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全方式</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>发件人</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>加密方式</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <source>Passwords are never stored here. Remote and VPN connections should use &quot;Encrypt, check CA and server name&quot; with the shop&apos;s CA file.</source>
        <translation>此处不会保存密码。远程和 VPN 连接请选择“加密并验证 CA 和服务器名称”，并指定本店的 CA 证书文件。</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem);;All files (*)</source>
        <translation>证书 (*.crt *.pem);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Enter a name for this server.</source>
        <translation>请输入此服务器的名称。</translation>
    </message>
    <message>
        <source>A server named {name} already exists.</source>
        <translation>已存在名为 {name} 的服务器，请使用其他名称。</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address.</source>
        <translation>请输入服务器地址。</translation>
    </message>
    <message>
        <source>Enter the database name.</source>
        <translation>请输入数据库名称。</translation>
    </message>
    <message>
        <source>Choose the shop&apos;s CA certificate file to check the server.</source>
        <translation>请选择本店的 CA 证书文件，用于验证服务器。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Open windows switch to the new language after a restart.</source>
        <translation>已打开的窗口将在重新启动后切换到新语言。</translation>
    </message>
    <message>
        <source>Starting the built-in database...</source>
        <translation>正在启动本机数据库…</translation>
    </message>
    <message>
        <source>Demo shop: log in as admin, zhangmin (counter), chenjie (manager) or lina (warehouse); password {password}</source>
        <translation>演示门店：可用 admin、zhangmin（柜台）、chenjie（经理）或 lina（仓管员）登录，密码均为 {password}</translation>
    </message>
    <message>
        <source>The built-in database could not start</source>
        <translation>本机数据库无法启动</translation>
    </message>
    <message>
        <source>The workbook could not be saved as {path} ({reason}). If it is open in Excel, close it there, or choose another name, then try again.</source>
        <translation>无法将工作簿保存为 {path}（{reason}）。如果该文件已在 Excel 中打开，请先关闭，或另选文件名，然后重试。</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>{title} summary</source>
        <translation>{title}汇总</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>(no technician)</source>
        <translation>（无服务工程师）</translation>
    </message>
    <message>
        <source>(no service mode)</source>
        <translation>（无服务方式）</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Nothing in this period.</source>
        <translation>本期间没有数据。</translation>
    </message>
    <message>
        <source>The figures count whole months ({first} to {last}): surveys by the month they were taken (a corrected survey as corrected), complaints by the month they were opened, callbacks by the month they were due. Low: a score of 2 or less.</source>
        <translation>统计按整月计算（{first} 至 {last}）：回访单按登记月份（更正过的按更正后的结果），投诉按登记月份，回访任务按到期月份。低分：评分为 2 分及以下。</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均分</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低分</translation>
    </message>
    <message>
        <source>Low share</source>
        <translation>低分占比</translation>
    </message>
    <message>
        <source>Opened</source>
        <comment>count</comment>
        <translation>新增</translation>
    </message>
    <message>
        <source>Resolved</source>
        <comment>count</comment>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>当前未结</translation>
    </message>
    <message>
        <source>Hours to resolve</source>
        <translation>平均解决时长（小时）</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>客户接受率</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务数</translation>
    </message>
    <message>
        <source>Done</source>
        <comment>count</comment>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Reach rate</source>
        <translation>接通率</translation>
    </message>
    <message>
        <source>Select an entry to see its changes.</source>
        <translation>选择一条记录查看修改内容。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Open the record</source>
        <translation>打开该记录</translation>
    </message>
    <message>
        <source>{time}: {operator} - {action} {table} {record}</source>
        <translation>{time}：{operator} {action}{table} {record}</translation>
    </message>
    <message>
        <source>The export was cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Operator capability</source>
        <translation>操作员权限</translation>
    </message>
    <message>
        <source>Position template</source>
        <translation>岗位模板</translation>
    </message>
    <message>
        <source>Template capability</source>
        <translation>模板权限</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Customer phone</source>
        <translation>客户电话</translation>
    </message>
    <message>
        <source>Product or part</source>
        <translation>产品/配件</translation>
    </message>
    <message>
        <source>Cost price</source>
        <translation>成本价</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>密码修改时间</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>授予</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有库存</translation>
    </message>
    <message>
        <source>All warehouses</source>
        <translation>全部仓库合计</translation>
    </message>
    <message>
        <source>Below minimum</source>
        <translation>低于下限</translation>
    </message>
    <message>
        <source>Average cost</source>
        <translation>平均成本</translation>
    </message>
    <message>
        <source>Value</source>
        <comment>money a stock holds</comment>
        <translation>库存金额</translation>
    </message>
    <message>
        <source>Stock valuation</source>
        <translation>库存金额汇总</translation>
    </message>
    <message>
        <source>Stock balances</source>
        <translation>库存余额</translation>
    </message>
    <message>
        <source>Move no.</source>
        <translation>流水号</translation>
    </message>
    <message>
        <source>Kind of document</source>
        <translation>单据类型</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>On hand before</source>
        <translation>变动前库存</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>成本单价</translation>
    </message>
    <message>
        <source>Value change</source>
        <translation>金额变动</translation>
    </message>
    <message>
        <source>Value after</source>
        <translation>变动后金额</translation>
    </message>
    <message>
        <source>Stock card</source>
        <translation>库存卡片</translation>
    </message>
    <message>
        <source>Number</source>
        <comment>of a document</comment>
        <translation>单号</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Target warehouse</source>
        <translation>调入仓库</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Reverses</source>
        <translation>冲销单据</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Created by</source>
        <comment>who wrote a document</comment>
        <translation>制单人</translation>
    </message>
    <message>
        <source>Posted</source>
        <comment>time</comment>
        <translation>过账时间</translation>
    </message>
    <message>
        <source>Posted by</source>
        <translation>过账人</translation>
    </message>
    <message>
        <source>Stock documents</source>
        <translation>进出仓单</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>主要</translation>
    </message>
    <message>
        <source>Sale price</source>
        <translation>售价</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Enter a phone number.</source>
        <translation>请输入电话号码。</translation>
    </message>
    <message>
        <source>{value} is not a valid phone number. Enter an 11-digit mobile number (for example 13812345678) or a landline with its area code (for example 010-12345678 or 0571-8888888).</source>
        <translation>{value} 不是有效的电话号码。请输入 11 位手机号（例如 13812345678）或带区号的固定电话（例如 010-12345678 或 0571-8888888）。</translation>
    </message>
    <message>
        <source>The phone number {phone} is listed twice.</source>
        <translation>电话号码 {phone} 重复了。</translation>
    </message>
    <message>
        <source>Mark only one phone number as the main one.</source>
        <translation>只能将一个电话号码设为主号码。</translation>
    </message>
    <message>
        <source>The document was changed by {who} at {when} meanwhile. Reload it and make your change again.</source>
        <translation>此单据已于 {when} 被 {who} 修改。请重新加载后再次修改。</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <translation>此项为必填项。</translation>
    </message>
    <message>
        <source>No item has the code or barcode {code}.</source>
        <translation>没有编码或条码为 {code} 的产品。</translation>
    </message>
    <message>
        <source>Add at least one line.</source>
        <translation>请至少添加一行。</translation>
    </message>
    <message>
        <source>Too long: at most {max_len} characters.</source>
        <translation>内容过长：最多 {max_len} 个字符。</translation>
    </message>
    <message>
        <source>Enter a code.</source>
        <translation>请输入编码。</translation>
    </message>
    <message>
        <source>The code {value} is not valid: use 1-30 letters, digits, - or _ (no spaces).</source>
        <translation>编码 {value} 无效：请使用 1-30 个字母、数字、- 或 _（不能有空格）。</translation>
    </message>
    <message>
        <source>{value} is not an amount.</source>
        <translation>{value} 不是有效金额。</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>Labour</source>
        <translation>人工费</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>厂家</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>本店</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>No payment</source>
        <translation>无需付款</translation>
    </message>
    <message>
        <source>Line {n}: enter what the fee is for.</source>
        <translation>第 {n} 行：请填写费用项目。</translation>
    </message>
    <message>
        <source>Line {n}: the description is too long (at most {max} characters).</source>
        <translation>第 {n} 行：费用项目过长（最多 {max} 个字符）。</translation>
    </message>
    <message>
        <source>Line {n}: unknown kind of fee {kind}.</source>
        <translation>第 {n} 行：未知的费用类别 {kind}。</translation>
    </message>
    <message>
        <source>Line {n}: unknown payer {billed_to}.</source>
        <translation>第 {n} 行：未知的承担方 {billed_to}。</translation>
    </message>
    <message>
        <source>Line {n}: enter a number.</source>
        <translation>第 {n} 行：请输入数字。</translation>
    </message>
    <message>
        <source>Line {n}: the quantity must be more than zero.</source>
        <translation>第 {n} 行：数量必须大于零。</translation>
    </message>
    <message>
        <source>Line {n}: a fee cannot be negative.</source>
        <translation>第 {n} 行：费用不能为负数。</translation>
    </message>
    <message>
        <source>Line {n}: the amount is too large.</source>
        <translation>第 {n} 行：金额过大。</translation>
    </message>
    <message>
        <source>Enter the discount as an amount such as 12.50.</source>
        <translation>请以金额填写折扣，例如 12.50。</translation>
    </message>
    <message>
        <source>Enter the amount received as an amount such as 12.50.</source>
        <translation>请以金额填写实收金额，例如 12.50。</translation>
    </message>
    <message>
        <source>The customer has to pay at least {due}.</source>
        <translation>客户至少需支付 {due}。</translation>
    </message>
    <message>
        <source>The fees of this ticket are billed to {payer}; give a reason for billing {billed_to} instead.</source>
        <translation>本单费用应由{payer}承担；改由{billed_to}承担须说明理由。</translation>
    </message>
    <message>
        <source>Settlement {number} is already void.</source>
        <translation>结账单 {number} 已作废。</translation>
    </message>
    <message>
        <source>There is not enough in stock.</source>
        <translation>库存不足。</translation>
    </message>
    <message>
        <source>Not enough in stock: part {item_code} {item_name}, warehouse {warehouse}, on hand {have}, needed {need}.</source>
        <translation>库存不足：配件 {item_code} {item_name}，仓库 {warehouse}，现有 {have}，需要 {need}。</translation>
    </message>
    <message>
        <source>{item_code} {item_name} already has stock moves in {warehouse}; an opening balance is only for an item and warehouse without any.</source>
        <translation>{item_code} {item_name} 在 {warehouse} 已有出入库记录；期初库存只能录入尚无任何出入库记录的产品和仓库。</translation>
    </message>
    <message>
        <source>Choose the kind of stock document.</source>
        <translation>请选择单据类型。</translation>
    </message>
    <message>
        <source>Choose the warehouse.</source>
        <translation>请选择仓库。</translation>
    </message>
    <message>
        <source>Choose the warehouse the goods go to.</source>
        <translation>请选择调入仓库。</translation>
    </message>
    <message>
        <source>This kind of document has no target warehouse.</source>
        <translation>此类单据没有调入仓库。</translation>
    </message>
    <message>
        <source>The goods cannot go to the warehouse they come from.</source>
        <translation>调入仓库不能与调出仓库相同。</translation>
    </message>
    <message>
        <source>Scrapped goods go to a scrap warehouse.</source>
        <translation>报损的货品只能调入报损库。</translation>
    </message>
    <message>
        <source>Goods returned to the merchant go to a merchant-returns warehouse, or leave the target empty.</source>
        <translation>商返货品须调入商返库，或不填调入仓库。</translation>
    </message>
    <message>
        <source>Enter the supplier.</source>
        <translation>请填写供应商。</translation>
    </message>
    <message>
        <source>Give the reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>A document has at most {max} lines.</source>
        <translation>一张单据最多 {max} 行。</translation>
    </message>
    <message>
        <source>Line {line}: the item no longer exists; choose it again.</source>
        <translation>第 {line} 行：该产品已不存在，请重新选择。</translation>
    </message>
    <message>
        <source>Line {line}: enter a quantity above zero with at most 2 decimals.</source>
        <translation>第 {line} 行：请输入大于零的数量，最多 2 位小数。</translation>
    </message>
    <message>
        <source>Line {line}: enter the unit cost.</source>
        <translation>第 {line} 行：请输入成本单价。</translation>
    </message>
    <message>
        <source>Line {line}: enter a unit cost of zero or more with at most 4 decimals.</source>
        <translation>第 {line} 行：请输入不小于零的成本单价，最多 4 位小数。</translation>
    </message>
    <message>
        <source>Line {line}: the serial number is too long (at most {max} characters).</source>
        <translation>第 {line} 行：序列号过长（最多 {max} 个字符）。</translation>
    </message>
    <message>
        <source>The stock document no longer exists.</source>
        <translation>该进出仓单已不存在。</translation>
    </message>
    <message>
        <source>The document is a draft: post it or delete it.</source>
        <translation>该单据还是草稿：请过账或删除。</translation>
    </message>
    <message>
        <source>Document {number} is posted; only a draft can be saved or deleted.</source>
        <translation>单据 {number} 已过账；只有草稿才能保存或删除。</translation>
    </message>
    <message>
        <source>Document {number} is already cancelled.</source>
        <translation>单据 {number} 已作废。</translation>
    </message>
    <message>
        <source>Document {number} reverses {original}; a reversal is not cancelled or changed itself.</source>
        <translation>单据 {number} 是 {original} 的冲销单；冲销单本身不能作废或修改。</translation>
    </message>
    <message>
        <source>A change keeps the kind of document; cancel it and post a new one instead.</source>
        <translation>修改不能改变单据类型；请作废此单据，另开一张新单据过账。</translation>
    </message>
    <message>
        <source>Posted stock moves are never changed or removed; cancel the document instead.</source>
        <translation>已过账的出入库记录不能修改或删除；请改为作废该单据。</translation>
    </message>
    <message>
        <source>A line of this requisition was deleted meanwhile. Reload it and make your change again.</source>
        <translation>此领料单的某一行已被他人删除。请重新加载后再修改。</translation>
    </message>
    <message>
        <source>Line {line}: choose the part.</source>
        <translation>第 {line} 行：请选择配件。</translation>
    </message>
    <message>
        <source>Line {line}: choose the warehouse.</source>
        <translation>第 {line} 行：请选择仓库。</translation>
    </message>
    <message>
        <source>Line {line}: the quantity must be more than zero, with at most two decimals.</source>
        <translation>第 {line} 行：数量必须大于零，最多两位小数。</translation>
    </message>
    <message>
        <source>Line {line}: a line with a serial number is one unit; put each serial on its own line.</source>
        <translation>第 {line} 行：带序列号的一行只能是一件；请每个序列号单独一行。</translation>
    </message>
    <message>
        <source>Line {line}: the kind and serial numbers of a saved line cannot change; delete the line and add a new one.</source>
        <translation>第 {line} 行：已保存行的类型和序列号不能修改；请删除该行后重新添加。</translation>
    </message>
    <message>
        <source>Line {line}: part of this issue was returned already; the quantity cannot be less than what was returned.</source>
        <translation>第 {line} 行：此次领料已有部分退料；数量不能少于已退数量。</translation>
    </message>
    <message>
        <source>Part {code} was partly returned: delete the return lines first, or together with the issue.</source>
        <translation>配件 {code} 已有部分退料：请先删除退料行，或与领料行一起删除。</translation>
    </message>
    <message>
        <source>Line {line}: only {issued} of part {code} is out on this ticket; {need} cannot be returned.</source>
        <translation>第 {line} 行：此维修单只领用了配件 {code} {issued} 个，不能退料 {need} 个。</translation>
    </message>
    <message>
        <source>Line {line}: say where the old part goes (a scrap or merchant-returns warehouse).</source>
        <translation>第 {line} 行：请选择旧件去向（报损库或商返库）。</translation>
    </message>
    <message>
        <source>Line {line}: an old part goes to a scrap or merchant-returns warehouse.</source>
        <translation>第 {line} 行：旧件只能入报损库或商返库。</translation>
    </message>
    <message>
        <source>Serial number {serial} is recorded at {place}; a serial can be in one place only.</source>
        <translation>序列号 {serial} 已登记在 {place}；一个序列号只能在一处。</translation>
    </message>
    <message>
        <source>The parts requisitioned for ticket {number} changed meanwhile. Reopen the settlement to see them.</source>
        <translation>维修单 {number} 的领料已被他人修改。请重新打开结账查看。</translation>
    </message>
    <message>
        <source>The parts of ticket {number} come from its requisition; do not type them as a fee.</source>
        <translation>维修单 {number} 的配件来自领料单；请勿再作为费用录入。</translation>
    </message>
    <message>
        <source>The job no longer exists.</source>
        <translation>该派工已不存在。</translation>
    </message>
    <message>
        <source>This is another technician&apos;s job. Only its technician, or a dispatcher on their behalf, can work on it.</source>
        <translation>这是其他服务工程师的派工。只有该服务工程师本人，或由派工员代为处理。</translation>
    </message>
    <message>
        <source>The job is {state}; this cannot be done now.</source>
        <translation>该派工当前为“{state}”，现在不能进行此操作。</translation>
    </message>
    <message>
        <source>The job has been reviewed: its report, photos and parts are frozen. A manager can undo the review, giving a reason.</source>
        <translation>该派工已审核：完工报告、照片和领料均已冻结。如需修改，请经理填写原因后反审核。</translation>
    </message>
    <message>
        <source>To finish the job, enter {missing}.</source>
        <translation>要完工，请填写{missing}。</translation>
    </message>
    <message>
        <source>Only PNG and JPEG pictures can be attached.</source>
        <translation>只能添加 PNG 或 JPEG 格式的图片。</translation>
    </message>
    <message>
        <source>The picture is larger than {max_mib} MiB; take a smaller one.</source>
        <translation>图片超过 {max_mib} MiB；请换一张小一些的。</translation>
    </message>
    <message>
        <source>A job keeps at most {max} photos; delete one first.</source>
        <translation>每个派工最多保存 {max} 张照片；请先删除一张。</translation>
    </message>
    <message>
        <source>The photo no longer exists.</source>
        <translation>该照片已不存在。</translation>
    </message>
    <message>
        <source>You cannot review your own job; another manager reviews it.</source>
        <translation>不能审核自己的派工；请由其他经理审核。</translation>
    </message>
    <message>
        <source>Give a reason for undoing the review.</source>
        <translation>请填写反审核原因。</translation>
    </message>
    <message>
        <source>A ticket is completed by finishing its on-site job&apos;s work report.</source>
        <translation>维修单只有在上门派工的完工报告完工后才会变为“已完工”。</translation>
    </message>
    <message>
        <source>The callback task no longer exists.</source>
        <translation>该回访任务已不存在。</translation>
    </message>
    <message>
        <source>The callback task is {state} already; reload the list.</source>
        <translation>该回访任务已是“{state}”；请刷新列表。</translation>
    </message>
    <message>
        <source>Choose what came of the call: no answer, busy, wrong number, call back later or refused. A reached customer&apos;s answers are saved as a survey.</source>
        <translation>请选择本次拨打的结果：未接通、忙线、号码错误、约定回拨或拒绝回访。已接通客户的回答请登记为回访单。</translation>
    </message>
    <message>
        <source>Enter when the customer asked to be called back.</source>
        <translation>请填写客户约定的回拨时间。</translation>
    </message>
    <message>
        <source>The call-back must be later than now and no later than the task&apos;s last day, {latest}.</source>
        <translation>约定回拨时间须晚于现在，且不晚于回访任务的截止日期 {latest}。</translation>
    </message>
    <message>
        <source>You did this job: another colleague records its customer&apos;s survey.</source>
        <translation>这是您本人完成的派工：请由其他同事登记该客户的回访单。</translation>
    </message>
    <message>
        <source>Give a score for every question before saving the survey.</source>
        <translation>保存回访单前，请为每个问题打分。</translation>
    </message>
    <message>
        <source>A score is a whole number from 1 to 5.</source>
        <translation>评分须为 1 到 5 的整数。</translation>
    </message>
    <message>
        <source>The survey&apos;s answers are frozen. Record a correction instead: it keeps the original and becomes the current survey.</source>
        <translation>该回访单的答复已锁定。请改为登记更正：原回访单会保留，更正后的回访单成为当前回访单。</translation>
    </message>
    <message>
        <source>The survey no longer exists.</source>
        <translation>该回访单已不存在。</translation>
    </message>
    <message>
        <source>This survey has been corrected already; change the latest correction instead.</source>
        <translation>该回访单已被更正过；请修改最新的更正。</translation>
    </message>
    <message>
        <source>The complaint no longer exists.</source>
        <translation>该投诉已不存在。</translation>
    </message>
    <message>
        <source>The complaint is {state}; this cannot be done now. Reload it to see what changed.</source>
        <translation>该投诉当前为“{state}”，现在不能进行此操作。请重新加载查看变化。</translation>
    </message>
    <message>
        <source>Say in a few words what the customer complains about.</source>
        <translation>请简要说明客户投诉的内容。</translation>
    </message>
    <message>
        <source>Describe how the complaint was resolved.</source>
        <translation>请说明投诉的处理结果。</translation>
    </message>
    <message>
        <source>Say whether the customer accepts the resolution: only an accepted one is closed; otherwise the complaint is reopened.</source>
        <translation>请说明客户是否接受处理结果：客户接受才能关闭，否则投诉将重新打开。</translation>
    </message>
    <message>
        <source>{owner} cannot own complaints: choose an active operator who handles complaints.</source>
        <translation>{owner} 不能处理投诉：请选择一位有投诉处理权限的启用操作员。</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s question.</source>
        <translation>请输入客户咨询的问题。</translation>
    </message>
    <message>
        <source>This inquiry has already become a ticket or a pre-order, or it is another customer&apos;s; log a new inquiry.</source>
        <translation>该咨询已转为维修单或预订购件，或属于其他客户；请另行登记咨询。</translation>
    </message>
    <message>
        <source>The inquiry no longer exists.</source>
        <translation>该咨询已不存在。</translation>
    </message>
    <message>
        <source>Row {row} of the list: {label} {problem}. Nothing was imported; correct the row and import the list again.</source>
        <translation>名单第 {row} 行：{label}{problem}。未导入任何数据；请更正该行后重新导入名单。</translation>
    </message>
    <message>
        <source>The list has no rows to import.</source>
        <translation>名单中没有可导入的行。</translation>
    </message>
    <message>
        <source>The list has more than {max} rows; import it in parts.</source>
        <translation>名单超过 {max} 行；请分批导入。</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>统计期间的结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>A statistics period is at most {years} years long.</source>
        <translation>统计期间最长 {years} 年。</translation>
    </message>
    <message>
        <source>The month {month} has not begun; a month can be calculated from its first day on.</source>
        <translation>{month} 尚未开始；月份从其第一天起才能计算。</translation>
    </message>
    <message>
        <source>The month {month} has not ended yet; a month is settled after its last day.</source>
        <translation>{month} 尚未结束；月份须在最后一天之后才能结算。</translation>
    </message>
    <message>
        <source>The month {month} has not been calculated yet; calculate it, check and confirm the statements, then settle it.</source>
        <translation>{month} 尚未计算；请先计算本月，核对并审核提成单，然后再结算。</translation>
    </message>
    <message>
        <source>The month {month} was calculated again or changed meanwhile. Reload it, check the statements and settle again.</source>
        <translation>{month} 在此期间已被重新计算或修改。请重新载入，核对提成单后再结算。</translation>
    </message>
    <message>
        <source>{count} manual rewards or penalties of this month still wait for approval; approve or reject them first.</source>
        <translation>本月还有 {count} 条手工登记的奖惩待审批；请先批准或驳回。</translation>
    </message>
    <message>
        <source>{payee} has commission lines this month but no statement; calculate the month again.</source>
        <translation>{payee} 本月有提成明细但没有提成单；请重新计算本月。</translation>
    </message>
    <message>
        <source>The statement of {payee} is not confirmed; confirm every statement before settling the month.</source>
        <translation>{payee} 的提成单尚未审核；结算本月前须审核全部提成单。</translation>
    </message>
    <message>
        <source>The statement of {payee} no longer matches its lines (lines were added or removed since it was calculated); calculate the month again.</source>
        <translation>{payee} 的提成单与明细不再相符（计算后有明细增加或删除）；请重新计算本月。</translation>
    </message>
    <message>
        <source>The statement no longer exists (the month was calculated again); reload the list.</source>
        <translation>该提成单已不存在（本月已重新计算）；请重新载入列表。</translation>
    </message>
    <message>
        <source>The statement is {state} now, so this cannot be done; reload it.</source>
        <translation>该提成单当前为“{state}”，不能进行此操作；请重新载入。</translation>
    </message>
    <message>
        <source>The statement of {payee} was calculated again, confirmed or reopened meanwhile. Reload it and try again.</source>
        <translation>{payee} 的提成单在此期间已被重新计算、审核或反审核。请重新载入后再试。</translation>
    </message>
    <message>
        <source>The password reached the server unhashed and was not stored. Update the client.</source>
        <translation>密码未经加密就发送到了服务器，因此没有保存。请更新客户端。</translation>
    </message>
    <message>
        <source>An amount has at most 2 decimals.</source>
        <translation>金额最多保留 2 位小数。</translation>
    </message>
    <message>
        <source>The text uses {placeholder} ({label}), which is not filled in: enter it under Shop above, or take {placeholder} out of the text.</source>
        <translation>内容中用到 {placeholder}（{label}），但它尚未填写：请在上方“本店”中填写，或从内容中删去 {placeholder}。</translation>
    </message>
    <message>
        <source>A notice of this kind has no value for {placeholder} ({label}), so it would be sent with a gap. Use only: {known}.</source>
        <translation>这类通知没有 {placeholder}（{label}）的值，发出去会缺字。只能使用：{known}。</translation>
    </message>
    <message>
        <source>{value} is not a mobile phone number. A text message goes to an 11-digit mobile number, for example 138 1234 5678.</source>
        <translation>{value} 不是手机号码。短信只能发送到 11 位手机号，例如 138 1234 5678。</translation>
    </message>
    <message>
        <source>Choose the warehouse to count.</source>
        <translation>请选择要盘点的仓库。</translation>
    </message>
    <message>
        <source>The warehouse is being counted already (stocktake {number}); post or cancel that sheet first.</source>
        <translation>该仓库正在盘点中（盘点单 {number}）；请先过账或作废该盘点单。</translation>
    </message>
    <message>
        <source>At most {max} lines can be sent at once; send the counts in parts.</source>
        <translation>一次最多提交 {max} 行；请分批提交盘点数。</translation>
    </message>
    <message>
        <source>That is more than one stocktake call takes (at most {max} bytes); send the counts in parts.</source>
        <translation>数据超过单次盘点提交的上限（最多 {max} 字节）；请分批提交盘点数。</translation>
    </message>
    <message>
        <source>Stocktake {number} is no longer open for counting.</source>
        <translation>盘点单 {number} 已不在盘点中。</translation>
    </message>
    <message>
        <source>Stocktake {number} is posted already; a sheet is posted once.</source>
        <translation>盘点单 {number} 已过账；一张盘点单只能过账一次。</translation>
    </message>
    <message>
        <source>Stocktake {number} is not posted: decisions are made on a posted sheet.</source>
        <translation>盘点单 {number} 尚未过账：只能对已过账的盘点单作处理决定。</translation>
    </message>
    <message>
        <source>Line {line} needs no decision: only lines whose item moved during the count and whose count disagrees with the book wait for one.</source>
        <translation>第 {line} 行无需处理：只有盘点期间有出入库且实盘数与账面数不符的行才需要处理。</translation>
    </message>
    <message>
        <source>Line {line} has been decided already.</source>
        <translation>第 {line} 行已处理。</translation>
    </message>
    <message>
        <source>The technician is already booked from {start} to {end} (ticket {number}, travel time included). Choose another time or another technician.</source>
        <translation>该服务工程师 {start} 至 {end} 已有预约（维修单 {number}，含路途时间）。请另选时间或其他服务工程师。</translation>
    </message>
    <message>
        <source>The technician is already booked at that time (travel time included). Choose another time or another technician.</source>
        <translation>该服务工程师此时段已有预约（含路途时间）。请另选时间或其他服务工程师。</translation>
    </message>
    <message>
        <source>The appointment must end after it starts and last at most {hours} hours.</source>
        <translation>预约的结束时间须晚于开始时间，且最长 {hours} 小时。</translation>
    </message>
    <message>
        <source>An on-site job needs the appointment: enter when the visit starts and ends.</source>
        <translation>上门服务需要预约时间：请填写上门的开始和结束时间。</translation>
    </message>
    <message>
        <source>Choose either a technician or a service outlet.</source>
        <translation>请选择服务工程师或服务网点（二选一）。</translation>
    </message>
    <message>
        <source>{technician} is not set up for the work type {work_type}. Choose another technician, or give a reason to assign anyway.</source>
        <translation>{technician} 不能做“{work_type}”工种。请另选服务工程师，或填写原因强制指派。</translation>
    </message>
    <message>
        <source>{technician} does not cover the region {region}. Choose another technician, or give a reason to assign anyway.</source>
        <translation>{technician} 不负责区域“{region}”。请另选服务工程师，或填写原因强制指派。</translation>
    </message>
    <message>
        <source>Give a reason for taking the job away from {assignee}.</source>
        <translation>请填写从 {assignee} 处撤回派工的原因。</translation>
    </message>
    <message>
        <source>{name} is not an active technician: only active employees marked as technicians take jobs.</source>
        <translation>{name} 不是启用的服务工程师：只有已启用且标记为服务工程师的员工才能接受派工。</translation>
    </message>
    <message>
        <source>The service outlet {name} is not active.</source>
        <translation>服务网点 {name} 已停用。</translation>
    </message>
    <message>
        <source>The job is no longer assigned (it was finished, reviewed or unassigned meanwhile). Reload to see it.</source>
        <translation>该派工已不在进行中（可能刚被完工、审核或取消派工）。请重新加载查看。</translation>
    </message>
    <message>
        <source>The job was changed by someone else meanwhile. Reload it and try again.</source>
        <translation>该派工已被他人修改。请重新加载后重试。</translation>
    </message>
    <message>
        <source>That is more than a dispatch call takes (at most {max} bytes).</source>
        <translation>数据超过单次派工提交的上限（最多 {max} 字节）。</translation>
    </message>
    <message>
        <source>The commissions of {month} are settled: a paid month never changes. A correction goes into the next open month.</source>
        <translation>{month} 的提成已结算：已发放的月份不能再修改。更正请记入下一个未结算的月份。</translation>
    </message>
    <message>
        <source>The shares add up to {total} %; together they must make exactly 100 %.</source>
        <translation>分成合计为 {total} %；合计必须正好为 100 %。</translation>
    </message>
    <message>
        <source>{name} is listed twice in the shares: give each technician one share.</source>
        <translation>{name} 在分成中重复出现：每位服务工程师只能有一个分成。</translation>
    </message>
    <message>
        <source>{name} is not an active technician: only active employees marked as technicians share a job.</source>
        <translation>{name} 不是在职的服务工程师：只有在职且标记为服务工程师的员工可以参与分成。</translation>
    </message>
    <message>
        <source>The job is a service outlet&apos;s: its commission goes to the outlet, it has no shares.</source>
        <translation>该派工属于服务网点：提成归该网点，没有分成。</translation>
    </message>
    <message>
        <source>Choose either an employee or a service outlet.</source>
        <translation>请选择员工或服务网点（二选一）。</translation>
    </message>
    <message>
        <source>Enter an amount other than zero: more than zero for a reward, less for a penalty.</source>
        <translation>请输入非零金额：大于零为奖励，小于零为罚款。</translation>
    </message>
    <message>
        <source>Give a reason for the reward or penalty.</source>
        <translation>请填写奖惩原因。</translation>
    </message>
    <message>
        <source>This reward or penalty has been decided already. Reload to see it.</source>
        <translation>该奖惩已处理。请重新载入查看。</translation>
    </message>
    <message>
        <source>You proposed this reward or penalty yourself; another manager approves or rejects it.</source>
        <translation>该奖惩是您本人登记的；须由其他经理批准或驳回。</translation>
    </message>
    <message>
        <source>Say why the reward or penalty is rejected.</source>
        <translation>请说明驳回该奖惩的原因。</translation>
    </message>
    <message>
        <source>Another commission rule for this service mode and work type is valid on some of these days. End the other rule the day before this one starts, or choose other days.</source>
        <translation>此服务方式和维修工种已有另一条提成规则在这些日期内有效。请让那条规则在本规则生效的前一天截止，或选择其他日期。</translation>
    </message>
    <message>
        <source>Another hours scheme is valid on some of these days. End it the day before this one starts, or choose other days.</source>
        <translation>已有另一个工时方案在这些日期内有效。请让它在本方案生效的前一天截止，或选择其他日期。</translation>
    </message>
    <message>
        <source>Another rework charge-back rule is valid on some of these days. End it the day before this one starts, or choose other days.</source>
        <translation>已有另一条返修扣款规则在这些日期内有效。请让它在本规则生效的前一天截止，或选择其他日期。</translation>
    </message>
    <message>
        <source>A fixed-amount rule takes an amount and no rate; a percentage rule takes a rate and no amount. Enter the one its kind needs.</source>
        <translation>固定金额规则只填金额、不填比例；百分比规则只填比例、不填金额。请按规则类型填写。</translation>
    </message>
    <message>
        <source>The last valid day cannot be before the first valid day.</source>
        <translation>截止日期不能早于生效日期。</translation>
    </message>
    <message>
        <source>The rated hours cannot be fewer than the basic hours.</source>
        <translation>额定工时不能少于基本工时。</translation>
    </message>
    <message>
        <source>A survey trigger needs the score it compares with (1 to 5); the other items take no score.</source>
        <translation>回访评分触发需要设定比较的分数（1 到 5）；其他项目不填分数。</translation>
    </message>
    <message>
        <source>There is already an active overdue rule for this service mode. Deactivate it first, or choose another service mode.</source>
        <translation>此服务方式已有一条启用的期限扣费规则。请先停用它，或选择其他服务方式。</translation>
    </message>
    <message>
        <source>Enter a number such as 2 or 1.5, a comparison such as &gt;2, or a range such as 1..5.</source>
        <translation>请输入数字（如 2 或 1.5）、比较条件（如 &gt;2）或范围（如 1..5）。</translation>
    </message>
    <message>
        <source>{label}: enter a value.</source>
        <translation>{label}：请输入内容。</translation>
    </message>
    <message>
        <source>{label} is too long (at most {max} characters).</source>
        <translation>{label}过长（最多 {max} 个字符）。</translation>
    </message>
    <message>
        <source>{label}: enter a value of at most {max} characters.</source>
        <translation>{label}：请输入内容，最多 {max} 个字符。</translation>
    </message>
    <message>
        <source>{label} cannot be negative.</source>
        <translation>{label}不能为负数。</translation>
    </message>
    <message>
        <source>{label} must be more than zero.</source>
        <translation>{label}必须大于零。</translation>
    </message>
    <message>
        <source>{label} must be between {min} and {max}.</source>
        <translation>{label}必须在 {min} 到 {max} 之间。</translation>
    </message>
    <message>
        <source>{label}: choose one of the listed values.</source>
        <translation>{label}：请从列表中选择一项。</translation>
    </message>
    <message>
        <source>{label}: use {min} to {max} lower-case letters a-z or _.</source>
        <translation>{label}：请使用 {min} 到 {max} 个小写字母（a-z）或下划线（_）。</translation>
    </message>
    <message>
        <source>{label}: no blanks at either end and only single spaces between words.</source>
        <translation>{label}：首尾不能有空格，词语之间只能有一个空格。</translation>
    </message>
    <message>
        <source>{label}: not a phone number as it is stored. Enter an 11-digit mobile number or a landline with its area code, for example 010-12345678.</source>
        <translation>{label}：不是有效的电话号码。请输入 11 位手机号，或带区号的固定电话，例如 010-12345678。</translation>
    </message>
    <message>
        <source>{label} {value} is already used.</source>
        <translation>{label} {value} 已被使用。</translation>
    </message>
    <message>
        <source>There is already an entry with this {label} at this place.</source>
        <translation>此处已有相同{label}的条目。</translation>
    </message>
    <message>
        <source>{label}: an entry is listed twice.</source>
        <translation>{label}：有条目重复了。</translation>
    </message>
    <message>
        <source>{label}: enter a date from {min} to {max}.</source>
        <translation>{label}：请输入 {min} 到 {max} 之间的日期。</translation>
    </message>
    <message>
        <source>{label}: enter a date and time from {min} to {max}.</source>
        <translation>{label}：请输入 {min} 到 {max} 之间的日期和时间。</translation>
    </message>
    <message>
        <source>{label}: enter an amount such as 12.50.</source>
        <translation>{label}：请输入金额，例如 12.50。</translation>
    </message>
    <message>
        <source>{label}: the amount is too large.</source>
        <translation>{label}：金额过大。</translation>
    </message>
    <message>
        <source>{label}: enter a number.</source>
        <translation>{label}：请输入数字。</translation>
    </message>
    <message>
        <source>{label}: choose yes or no.</source>
        <translation>{label}：请选择“是”或“否”。</translation>
    </message>
    <message>
        <source>{label} has the wrong form. Reload and try again.</source>
        <translation>{label}格式不正确。请重新加载后重试。</translation>
    </message>
    <message>
        <source>{label}: the selected entry no longer exists or is not allowed here; reload and choose again.</source>
        <translation>{label}：所选条目已不存在或不能用于此处；请重新加载后再选择。</translation>
    </message>
    <message>
        <source>The change would leave the record inconsistent, so nothing was saved. Reload it and try again; if it happens again, tell your administrator.</source>
        <translation>此修改会导致记录前后不一致，因此未保存任何内容。请重新加载后重试；如果再次出现，请联系系统管理员。</translation>
    </message>
    <message>
        <source>This was already recorded (perhaps by someone else just now). Reload to see it.</source>
        <translation>此项已经登记过了（可能刚被他人登记）。请重新加载查看。</translation>
    </message>
    <message>
        <source>Enter at most {scale} decimals.</source>
        <translation>最多输入 {scale} 位小数。</translation>
    </message>
    <message>
        <source>These days overlap another rule of the same kind, valid from {valid_from} to {valid_to}. End that rule the day before this one starts, or start this one after it.</source>
        <translation>这段日期与同一类的另一条规则（有效期 {valid_from} 至 {valid_to}）重叠。请让那条规则在本规则生效的前一天截止，或让本规则在其之后生效。</translation>
    </message>
    <message>
        <source>Only who sees every commission line can tell whether lines use this rule, so it cannot be deleted here. End it instead (Valid until).</source>
        <translation>只有能查看全部提成明细的人才能确认是否有明细使用此规则，因此这里不能删除。请改为设置其截止日期。</translation>
    </message>
    <message>
        <source>A value is too long.</source>
        <translation>有内容过长。</translation>
    </message>
    <message>
        <source>A number is too large.</source>
        <translation>有数字过大。</translation>
    </message>
    <message>
        <source>A value has the wrong form (for example letters where a number belongs).</source>
        <translation>有内容格式不正确（例如应填数字处填了字母）。</translation>
    </message>
    <message>
        <source>A date or time is not valid.</source>
        <translation>有日期或时间无效。</translation>
    </message>
    <message>
        <source>A value is not valid here.</source>
        <translation>有内容不能用于此处。</translation>
    </message>
    <message>
        <source>The server is short of resources right now. Nothing was changed; try again in a moment.</source>
        <translation>服务器当前资源不足。未做任何更改，请稍后重试。</translation>
    </message>
    <message>
        <source>The server accepts no changes right now (it is read-only). Nothing was changed.</source>
        <translation>服务器当前为只读状态，不接受修改。未做任何更改。</translation>
    </message>
    <message>
        <source>Add at least one fee line.</source>
        <translation>请至少添加一条费用明细。</translation>
    </message>
    <message>
        <source>The pre-order is {state}; this cannot be done now.</source>
        <translation>该预订购件单为“{state}”状态，现在不能进行此操作。</translation>
    </message>
    <message>
        <source>Ticket {number} is cancelled and cannot be settled.</source>
        <translation>维修单 {number} 已撤销，不能结账。</translation>
    </message>
    <message>
        <source>Ticket {number} is already settled.</source>
        <translation>维修单 {number} 已结账。</translation>
    </message>
    <message>
        <source>The total is too large.</source>
        <translation>合计金额过大。</translation>
    </message>
    <message>
        <source>The discount cannot be negative.</source>
        <translation>折扣金额不能为负数。</translation>
    </message>
    <message>
        <source>The discount ({discount}) is more than the customer&apos;s total ({total}).</source>
        <translation>折扣金额（{discount}）超过了客户应付合计（{total}）。</translation>
    </message>
    <message>
        <source>Give a reason for the discount.</source>
        <translation>请填写折扣原因。</translation>
    </message>
    <message>
        <source>Choose how the customer pays.</source>
        <translation>请选择客户的付款方式。</translation>
    </message>
    <message>
        <source>Enter the amount received.</source>
        <translation>请输入实收金额。</translation>
    </message>
    <message>
        <source>Only cash can be overpaid.</source>
        <translation>只有现金付款可以多付找零。</translation>
    </message>
    <message>
        <source>The requisition of ticket {number} is frozen: the ticket is settled, or its job has been reviewed. Void the settlement or undo the review first to change it.</source>
        <translation>维修单 {number} 的领料已冻结：维修单已结账，或其派工已审核。如需修改，请先作废结账单或反审核。</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation>金额过大。</translation>
    </message>
    <message>
        <source>{value} is not a number.</source>
        <translation>{value} 不是有效的数字。</translation>
    </message>
    <message>
        <source>The quantity is too large.</source>
        <translation>数量过大。</translation>
    </message>
    <message>
        <source>Enter a whole number.</source>
        <translation>请输入整数。</translation>
    </message>
    <message>
        <source>At most {decimals} decimals.</source>
        <translation>最多保留 {decimals} 位小数。</translation>
    </message>
    <message>
        <source>The quantity cannot be negative.</source>
        <translation>数量不能为负数。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>{value} is not a date; enter it as 2026-12-01.</source>
        <translation>{value} 不是有效日期；请按 2026-12-01 的格式输入。</translation>
    </message>
    <message>
        <source>The warranty must be between 0 and {max} months.</source>
        <translation>保修期必须在 0 到 {max} 个月之间。</translation>
    </message>
    <message>
        <source>Enter a number from {minimum} to {maximum}.</source>
        <translation>请输入 {minimum} 到 {maximum} 之间的数字。</translation>
    </message>
    <message>
        <source>Enter a date.</source>
        <translation>请输入日期。</translation>
    </message>
    <message>
        <source>The purchase date {date} is too far in the past; check the year.</source>
        <translation>购买日期 {date} 过早，请检查年份。</translation>
    </message>
    <message>
        <source>{value} is not one of: {choices}.</source>
        <translation>{value} 不在可选范围内：{choices}。</translation>
    </message>
    <message>
        <source>Unknown list {kind}.</source>
        <translation>未知的字典类别 {kind}。</translation>
    </message>
    <message>
        <source>An entry cannot be placed under itself.</source>
        <translation>不能把条目放到它自己下面。</translation>
    </message>
    <message>
        <source>The chosen parent no longer exists.</source>
        <translation>所选的上级已不存在。</translation>
    </message>
    <message>
        <source>An entry cannot be placed under one of its own sub-entries.</source>
        <translation>不能把条目放到它自己的下级条目下面。</translation>
    </message>
    <message>
        <source>Fill in the first sheet, one record per row below the header. Do not change the header row; columns may be left out or reordered.</source>
        <translation>请在第一个工作表中填写，标题行下每行一条记录。不要修改标题行；列可以省略或调整顺序。</translation>
    </message>
    <message>
        <source>Columns with a yellow header are required.</source>
        <translation>标题为黄色的列为必填列。</translation>
    </message>
    <message>
        <source>The import first shows every row with a problem and saves nothing until all rows are correct; importing the same file again adds no duplicates.</source>
        <translation>导入时会先列出所有有问题的行，全部正确之前不会保存任何数据；再次导入同一文件不会产生重复记录。</translation>
    </message>
    <message>
        <source>Customer import template</source>
        <translation>客户导入模板</translation>
    </message>
    <message>
        <source>Product import template</source>
        <translation>产品导入模板</translation>
    </message>
    <message>
        <source>Dealer customer list template</source>
        <translation>商场客户档案模板</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was saved.</source>
        <translation>导入已取消，未保存任何数据。</translation>
    </message>
    <message>
        <source>The workbook has {count} rows with errors; nothing was saved. Correct them and import the workbook again.</source>
        <translation>工作簿中有 {count} 行有错误，未保存任何数据。请更正后重新导入。</translation>
    </message>
    <message>
        <source>The cell is a number ({value}), so Excel may have dropped leading zeros. If the value should start with 0, format the column as text and type it again.</source>
        <translation>该单元格是数字（{value}），Excel 可能去掉了开头的 0。如果该值应以 0 开头，请将该列设为文本格式后重新输入。</translation>
    </message>
    <message>
        <source>{value} is a number Excel shortened: its digits are lost. Format the column as text in Excel, type the values again and save.</source>
        <translation>{value} 是被 Excel 缩写的数字，部分位数已丢失。请在 Excel 中将该列设为文本格式，重新输入这些值并保存。</translation>
    </message>
    <message>
        <source>Excel turned this value into a date ({value}). Format the column as text in Excel, type the value again and save.</source>
        <translation>Excel 把该值转换成了日期（{value}）。请在 Excel 中将该列设为文本格式，重新输入该值并保存。</translation>
    </message>
    <message>
        <source>No sheet of the workbook has the columns {columns} in its first row. Start from the import template.</source>
        <translation>工作簿中没有哪个工作表的第一行包含列 {columns}。请使用导入模板填写。</translation>
    </message>
    <message>
        <source>{value} is not a date; write it as 2023-05-01.</source>
        <translation>{value} 不是日期，请按 2023-05-01 的格式填写。</translation>
    </message>
    <message>
        <source>{value} is not 是 or 否 (yes or no).</source>
        <translation>{value} 不是“是”或“否”。</translation>
    </message>
    <message>
        <source>是 or 否 (yes or no): 否 deactivates the record; blank keeps it as it is (a new record is active).</source>
        <translation>是或否：填“否”则停用该记录；留空则保持不变（新记录为启用）。</translation>
    </message>
    <message>
        <source>Required. 1-30 letters, digits, - or _. Importing the same code again updates that customer instead of adding a new one.</source>
        <translation>必填。1-30 个字母、数字、- 或 _。再次导入相同编码会更新该客户，而不是新增客户。</translation>
    </message>
    <message>
        <source>Required, at most 100 characters.</source>
        <translation>必填，最多 100 个字符。</translation>
    </message>
    <message>
        <source>The main number: an 11-digit mobile or a landline with its area code (010-12345678).</source>
        <translation>主号码：11 位手机号或带区号的固定电话（010-12345678）。</translation>
    </message>
    <message>
        <source>More numbers, separated by commas.</source>
        <translation>其他号码，用逗号分隔。</translation>
    </message>
    <message>
        <source>个人 Individual, 经销商 Dealer, 商超 Hypermarket or 企业 Corporate; blank: Individual.</source>
        <translation>个人、经销商、商超或企业；留空为个人。</translation>
    </message>
    <message>
        <source>At most 200 characters.</source>
        <translation>最多 200 个字符。</translation>
    </message>
    <message>
        <source>How the customer found the shop.</source>
        <translation>客户从什么渠道得知本店。</translation>
    </message>
    <message>
        <source>At most 1000 characters.</source>
        <translation>最多 1000 个字符。</translation>
    </message>
    <message>
        <source>Device columns: one row per device, with the customer columns repeated. Leave them blank for a customer without a device.</source>
        <translation>机器列：每台机器一行，客户列重复填写。没有机器的客户请留空。</translation>
    </message>
    <message>
        <source>A device is imported once per customer: by serial number, or by brand, model and purchase date when it has none.</source>
        <translation>每位客户的同一台机器只导入一次：按序列号识别；没有序列号时按品牌、型号和购买日期识别。</translation>
    </message>
    <message>
        <source>A date (2023-05-01), not in the future.</source>
        <translation>日期（2023-05-01），不能晚于今天。</translation>
    </message>
    <message>
        <source>是 or 否 (yes or no); blank: no.</source>
        <translation>是或否；留空为否。</translation>
    </message>
    <message>
        <source>Whole months, 0 to 120; blank: 12.</source>
        <translation>整月数，0 到 120；留空为 12。</translation>
    </message>
    <message>
        <source>Required. 1-30 letters, digits, - or _. Importing the same code again updates that item instead of adding a new one.</source>
        <translation>必填。1-30 个字母、数字、- 或 _。再次导入相同编码会更新该产品，而不是新增产品。</translation>
    </message>
    <message>
        <source>An existing category, written as its path, for example 空调/配件. Create missing categories first.</source>
        <translation>已有的类别，按路径填写，例如 空调/配件。缺少的类别请先创建。</translation>
    </message>
    <message>
        <source>成品 (product) or 配件 (part); blank: part.</source>
        <translation>成品或配件；留空为配件。</translation>
    </message>
    <message>
        <source>At most 10 characters; blank: 个.</source>
        <translation>最多 10 个字符；留空为“个”。</translation>
    </message>
    <message>
        <source>Optional; unique across items.</source>
        <translation>选填；各产品之间不能重复。</translation>
    </message>
    <message>
        <source>An amount, not negative, at most 2 decimals; blank: 0.</source>
        <translation>金额，不能为负，最多 2 位小数；留空为 0。</translation>
    </message>
    <message>
        <source>Optional. Importing cost prices needs the costs.view permission.</source>
        <translation>选填。导入成本价需要“查看成本价”权限。</translation>
    </message>
    <message>
        <source>Not negative; blank: 0.</source>
        <translation>不能为负；留空为 0。</translation>
    </message>
    <message>
        <source>Unknown customer grade {value}.</source>
        <translation>未知的客户等级 {value}。</translation>
    </message>
    <message>
        <source>Code {code} is already used on row {row} for another customer ({name}).</source>
        <translation>编码 {code} 已在第 {row} 行用于另一位客户（{name}）。</translation>
    </message>
    <message>
        <source>{value} is not 成品 (product) or 配件 (part).</source>
        <translation>{value} 不是“成品”或“配件”。</translation>
    </message>
    <message>
        <source>Code {code} is already on row {row}.</source>
        <translation>编码 {code} 已出现在第 {row} 行。</translation>
    </message>
    <message>
        <source>Barcode {barcode} is already on row {row}.</source>
        <translation>条码 {barcode} 已出现在第 {row} 行。</translation>
    </message>
    <message>
        <source>Unknown category {path}.</source>
        <translation>未知的类别 {path}。</translation>
    </message>
    <message>
        <source>Barcode {barcode} is already used by item {code}.</source>
        <translation>条码 {barcode} 已被产品 {code} 使用。</translation>
    </message>
    <message>
        <source>{what} was changed by someone else meanwhile; reload it and apply your change again.</source>
        <translation>{what} 已被其他人修改，请重新加载后再次修改。</translation>
    </message>
    <message>
        <source>{what} no longer exists; it may have been deleted. Reload the list.</source>
        <translation>{what} 已不存在，可能已被删除。请刷新列表。</translation>
    </message>
    <message>
        <source>This entry is still in use and cannot be removed; deactivate it instead.</source>
        <translation>该条目仍在使用，不能删除；请改为停用。</translation>
    </message>
    <message>
        <source>{value} is not in the list.</source>
        <translation>{value} 不在列表中。</translation>
    </message>
    <message>
        <source>A value cannot be merged into itself.</source>
        <translation>不能把一个值合并到它自己。</translation>
    </message>
    <message>
        <source>Carry-in</source>
        <translation>送修</translation>
    </message>
    <message>
        <source>On-site</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Waiting for the part</source>
        <translation>待到货</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>到货</translation>
    </message>
    <message>
        <source>Picked up</source>
        <translation>已取</translation>
    </message>
    <message>
        <source>This cannot be done to a {state} document.</source>
        <translation>“{state}”状态的单据不能进行此操作。</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>已过账</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <comment>document state</comment>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>过账</translation>
    </message>
    <message>
        <source>Post this document now? Stock moves at once; afterwards the document can only be cancelled by a reversal.</source>
        <translation>要现在过账此单据吗？库存将立即变动；过账后只能通过冲销来作废此单据。</translation>
    </message>
    <message>
        <source>Cancel document</source>
        <translation>作废单据</translation>
    </message>
    <message>
        <source>Cancel this document? A reversing document dated today is posted; the original stays as it is.</source>
        <translation>要作废此单据吗？系统将过账一张日期为今天的冲销单；原单据保持不变。</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Confirm this statement?</source>
        <translation>要审核此提成单吗？</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>complaint state</comment>
        <translation>待处理</translation>
    </message>
    <message>
        <source>In progress</source>
        <comment>complaint state</comment>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Waiting for the customer</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>Resolved</source>
        <comment>complaint state</comment>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Closed</source>
        <comment>complaint state</comment>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Low</source>
        <comment>complaint severity</comment>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <comment>complaint severity</comment>
        <translation>一般</translation>
    </message>
    <message>
        <source>High</source>
        <comment>complaint severity</comment>
        <translation>高</translation>
    </message>
    <message>
        <source>Critical</source>
        <comment>complaint severity</comment>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Survey score</source>
        <translation>回访评分</translation>
    </message>
    <message>
        <source>Callback call</source>
        <translation>回访电话</translation>
    </message>
    <message>
        <source>At the counter</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Assign</source>
        <comment>complaint owner</comment>
        <translation>指定处理人</translation>
    </message>
    <message>
        <source>Start handling</source>
        <translation>开始处理</translation>
    </message>
    <message>
        <source>Wait for the customer</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复处理</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>Reopen</source>
        <comment>complaint</comment>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Opened</source>
        <comment>complaint event</comment>
        <translation>登记投诉</translation>
    </message>
    <message>
        <source>Assigned</source>
        <comment>complaint event</comment>
        <translation>已指定处理人</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>反审核</translation>
    </message>
    <message>
        <source>Handling started</source>
        <translation>开始处理</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>恢复处理</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Resolved</source>
        <comment>complaint event</comment>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Closed, accepted by the customer</source>
        <translation>已关闭，客户已接受</translation>
    </message>
    <message>
        <source>Settle</source>
        <translation>结账</translation>
    </message>
    <message>
        <source>Settle this statement? A settled month can no longer change.</source>
        <translation>要结算此提成单吗？结算后该月份不能再修改。</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>a requisition still taking changes</comment>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <source>Type at least two characters to search all tickets.</source>
        <translation>请至少输入两个字符以搜索全部维修单。</translation>
    </message>
    <message>
        <source>Repair tickets</source>
        <translation>维修单</translation>
    </message>
    <message>
        <source>Ticket no.</source>
        <translation>维修单号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>加急</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接机时间</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Serial no.</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Warranty</source>
        <translation>保修</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已派工</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>已开工</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完工</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <comment>job state</comment>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>已修好</translation>
    </message>
    <message>
        <source>Not fixed</source>
        <translation>未修好</translation>
    </message>
    <message>
        <source>Needs parts</source>
        <translation>需配件</translation>
    </message>
    <message>
        <source>Returned to the factory</source>
        <translation>返厂</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>派工对象</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>工程师/网点</translation>
    </message>
    <message>
        <source>Carry-in or on-site</source>
        <translation>送修/上门</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承诺取机</translation>
    </message>
    <message>
        <source>Days late</source>
        <translation>超期天数</translation>
    </message>
    <message>
        <source>Finished</source>
        <comment>time</comment>
        <translation>完工时间</translation>
    </message>
    <message>
        <source>Work done</source>
        <translation>完工内容</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>Fault cause</source>
        <translation>故障原因</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>处理措施</translation>
    </message>
    <message>
        <source>Customer signed</source>
        <translation>客户签字</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>填报人</translation>
    </message>
    <message>
        <source>Dispatches</source>
        <translation>派工单列表</translation>
    </message>
    <message>
        <source>Assigned</source>
        <comment>time</comment>
        <translation>派工时间</translation>
    </message>
    <message>
        <source>Visit from</source>
        <translation>上门开始</translation>
    </message>
    <message>
        <source>Visit until</source>
        <translation>上门结束</translation>
    </message>
    <message>
        <source>Started</source>
        <comment>time</comment>
        <translation>开工时间</translation>
    </message>
    <message>
        <source>Assigned by</source>
        <translation>派工人</translation>
    </message>
    <message>
        <source>Override reason</source>
        <translation>强制指派原因</translation>
    </message>
    <message>
        <source>Work reports</source>
        <translation>完工报告</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>签字时间</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <comment>time</comment>
        <translation>审核时间</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>审核队列</translation>
    </message>
    <message>
        <source>Where the unit is</source>
        <translation>机器位置</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>接机人</translation>
    </message>
    <message>
        <source>Parts pre-orders</source>
        <translation>预订购件</translation>
    </message>
    <message>
        <source>Pre-order no.</source>
        <translation>预订单号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>订购时间</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>订金</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预计到货</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>产品名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>产品目录</translation>
    </message>
    <message>
        <source>New category...</source>
        <translation>新建类别…</translation>
    </message>
    <message>
        <source>Phone, name or serial of a returning customer</source>
        <translation>老客户的电话、姓名或序列号</translation>
    </message>
    <message>
        <source>New device</source>
        <translation>新机器</translation>
    </message>
    <message>
        <source>Known</source>
        <translation>已知</translation>
    </message>
    <message>
        <source>Proof of purchase seen</source>
        <translation>已查验购机凭证</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>As decided</source>
        <translation>按系统判定</translation>
    </message>
    <message>
        <source>Reason for the override</source>
        <translation>更改判定的原因</translation>
    </message>
    <message>
        <source>Goes back to the factory</source>
        <translation>需返厂</translation>
    </message>
    <message>
        <source>e.g. A-03</source>
        <translation>例如 A-03</translation>
    </message>
    <message>
        <source>e.g. 空调 KFR-35GW</source>
        <translation>例如 空调 KFR-35GW</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Make a ticket (Ctrl+T)</source>
        <translation>转维修单（Ctrl+T）</translation>
    </message>
    <message>
        <source>Make a pre-order (Ctrl+D)</source>
        <translation>转预订购件（Ctrl+D）</translation>
    </message>
    <message>
        <source>Returning customer {code}</source>
        <translation>老客户 {code}</translation>
    </message>
    <message>
        <source>Inquiry saved.</source>
        <translation>咨询已保存。</translation>
    </message>
    <message>
        <source>Accessories received</source>
        <translation>随机附件</translation>
    </message>
    <message>
        <source>Customer&apos;s remarks</source>
        <translation>客户备注</translation>
    </message>
    <message>
        <source>Borne by the shop</source>
        <translation>本店承担</translation>
    </message>
    <message>
        <source>Status since</source>
        <translation>状态时间</translation>
    </message>
    <message>
        <source>To status</source>
        <translation>新状态</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <source>Updated by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Times used</source>
        <translation>使用次数</translation>
    </message>
    <message>
        <source>Reason for voiding</source>
        <translation>作废原因</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废时间</translation>
    </message>
    <message>
        <source>Voided by</source>
        <translation>作废人</translation>
    </message>
    <message>
        <source>Warranty decision</source>
        <translation>保修判定</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>更改判定</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Work type</source>
        <translation>维修工种</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>接机日期</translation>
    </message>
    <message>
        <source>Handed over unsettled</source>
        <translation>未结账交机</translation>
    </message>
    <message>
        <source>Replaced by</source>
        <translation>替换单据</translation>
    </message>
    <message>
        <source>Old part&apos;s serial no.</source>
        <translation>旧件序列号</translation>
    </message>
    <message>
        <source>Old part goes to</source>
        <translation>旧件去向</translation>
    </message>
    <message>
        <source>Repair warranty until</source>
        <translation>维修保修至</translation>
    </message>
    <message>
        <source>Returned from line</source>
        <translation>退料对应的领料行</translation>
    </message>
    <message>
        <source>Reverses settlement</source>
        <translation>冲销的结账单</translation>
    </message>
    <message>
        <source>Free rework</source>
        <translation>免费返修</translation>
    </message>
    <message>
        <source>Reason for charging the rework</source>
        <translation>返修收费原因</translation>
    </message>
    <message>
        <source>Database role</source>
        <translation>数据库角色</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>检索文本</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Sent by</source>
        <translation>发送人</translation>
    </message>
    <message>
        <source>Sent on</source>
        <translation>寄出日期</translation>
    </message>
    <message>
        <source>Settled by</source>
        <translation>结账人</translation>
    </message>
    <message>
        <source>Shelf</source>
        <translation>货位</translation>
    </message>
    <message>
        <source>Save and print receipt (Ctrl+P)</source>
        <translation>保存并打印接机单 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>下一位客户</translation>
    </message>
    <message>
        <source>No returning customer found: enter a new one below.</source>
        <translation>未找到老客户，请在下方录入新客户。</translation>
    </message>
    <message>
        <source>{date} {number} {product} {fault} ({status})</source>
        <translation>{date} {number} {product} {fault}（{status}）</translation>
    </message>
    <message>
        <source>No earlier visits.</source>
        <translation>无以往送修记录。</translation>
    </message>
    <message>
        <source>Rework: {number} was repaired here and is still under repair warranty until {date}; this repair is free.</source>
        <translation>返修：{number} 曾在本店维修，维修保修期至 {date}，本次维修免费。</translation>
    </message>
    <message>
        <source>Ticket {number} saved.</source>
        <translation>维修单 {number} 已保存。</translation>
    </message>
    <message>
        <source>Default warranty</source>
        <translation>默认保修期</translation>
    </message>
    <message>
        <source>Minimum stock</source>
        <translation>最低库存</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>{record}: discard the unsaved changes?</source>
        <translation>{record}：放弃未保存的修改吗？</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新建产品</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Item {code}</source>
        <translation>产品 {code}</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>新建类别</translation>
    </message>
    <message>
        <source>Category name</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Dealer</source>
        <translation>经销商</translation>
    </message>
    <message>
        <source>Hypermarket</source>
        <translation>大卖场</translation>
    </message>
    <message>
        <source>Corporate</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Repair intake receipt</source>
        <translation>维修接机单</translation>
    </message>
    <message>
        <source>Settlement receipt</source>
        <translation>结账单</translation>
    </message>
    <message>
        <source>COPY</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>VOID</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Dispatch sheet</source>
        <translation>派工单</translation>
    </message>
    <message>
        <source>URGENT</source>
        <translation>加急</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Neutral</source>
        <comment>customer satisfaction</comment>
        <translation>一般</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>派工时间</translation>
    </message>
    <message>
        <source>Parts requisitioned</source>
        <translation>已领配件</translation>
    </message>
    <message>
        <source>Work types done</source>
        <translation>完成工种</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Customer confirmation</source>
        <translation>客户确认</translation>
    </message>
    <message>
        <source>Service mode</source>
        <translation>服务方式</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约时间</translation>
    </message>
    <message>
        <source>Accessories</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Customer&apos;s answer</source>
        <translation>客户答复</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>到货方式</translation>
    </message>
    <message>
        <source>Average cost after</source>
        <translation>变动后平均成本</translation>
    </message>
    <message>
        <source>Average cost before</source>
        <translation>变动前平均成本</translation>
    </message>
    <message>
        <source>Notice text</source>
        <translation>通知内容</translation>
    </message>
    <message>
        <source>Capabilities</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>工作日天数</translation>
    </message>
    <message>
        <source>Answer taken by</source>
        <translation>答复登记人</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>是否送达</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Reason for the discount</source>
        <translation>折扣原因</translation>
    </message>
    <message>
        <source>Status before</source>
        <translation>原状态</translation>
    </message>
    <message>
        <source>Proof of purchase</source>
        <translation>购机凭证</translation>
    </message>
    <message>
        <source>Manufacturer pays</source>
        <translation>厂家承担</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>变动时间</translation>
    </message>
    <message>
        <source>Quantity after</source>
        <translation>变动后数量</translation>
    </message>
    <message>
        <source>Quantity before</source>
        <translation>变动前数量</translation>
    </message>
    <message>
        <source>Intake date</source>
        <translation>接机日期</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>Add to the count</source>
        <translation>计入盘点</translation>
    </message>
    <message>
        <source>Appointment from</source>
        <translation>预约开始</translation>
    </message>
    <message>
        <source>Appointment until</source>
        <translation>预约结束</translation>
    </message>
    <message>
        <source>Reason for the exception</source>
        <translation>强制指派原因</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页码</translation>
    </message>
    <message>
        <source>Rows per page</source>
        <translation>每页行数</translation>
    </message>
    <message>
        <source>Call on</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>分成</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Payee kind</source>
        <translation>领款人类型</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>提成工资单</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Shop pays</source>
        <translation>本店承担</translation>
    </message>
    <message>
        <source>Start day</source>
        <translation>起始日</translation>
    </message>
    <message>
        <source>Status after</source>
        <translation>新状态</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Value before</source>
        <translation>变动前金额</translation>
    </message>
    <message>
        <source>Reason for the warranty class</source>
        <translation>更改保修判定的原因</translation>
    </message>
    <message>
        <source>Date of the answer</source>
        <translation>答复日期</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Expected back</source>
        <translation>预计返回日期</translation>
    </message>
    <message>
        <source>Factory</source>
        <translation>厂家</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Fee lines</source>
        <translation>费用明细</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>机器位置</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作号</translation>
    </message>
    <message>
        <source>Service outlet</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <source>Customer grade</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <source>Customer notice</source>
        <translation>客户通知</translation>
    </message>
    <message>
        <source>Customer&apos;s device</source>
        <translation>客户机器</translation>
    </message>
    <message>
        <source>Dictionary entry</source>
        <translation>字典项</translation>
    </message>
    <message>
        <source>Employee&apos;s region</source>
        <translation>员工负责区域</translation>
    </message>
    <message>
        <source>Catalogue category</source>
        <translation>产品分类</translation>
    </message>
    <message>
        <source>Notice channel</source>
        <translation>通知渠道</translation>
    </message>
    <message>
        <source>Notice template</source>
        <translation>通知模板</translation>
    </message>
    <message>
        <source>Overdue deduction rule</source>
        <translation>超期扣款规则</translation>
    </message>
    <message>
        <source>Parts pre-order</source>
        <translation>预订购件</translation>
    </message>
    <message>
        <source>Requisition line</source>
        <translation>领料明细</translation>
    </message>
    <message>
        <source>Requisition saved</source>
        <translation>领料保存</translation>
    </message>
    <message>
        <source>Reward or penalty item</source>
        <translation>奖惩项目</translation>
    </message>
    <message>
        <source>Settlement line</source>
        <translation>结账明细</translation>
    </message>
    <message>
        <source>Shop setting</source>
        <translation>本店设置</translation>
    </message>
    <message>
        <source>Staff position</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Stock document numbers</source>
        <translation>进出仓单号计数</translation>
    </message>
    <message>
        <source>Stock document</source>
        <translation>进出仓单</translation>
    </message>
    <message>
        <source>Stock document line</source>
        <translation>进出仓单明细</translation>
    </message>
    <message>
        <source>Repair ticket</source>
        <translation>维修单</translation>
    </message>
    <message>
        <source>Number counter</source>
        <translation>单号计数</translation>
    </message>
    <message>
        <source>Where the unit went</source>
        <translation>机器去向</translation>
    </message>
    <message>
        <source>Status change</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Allowed status change</source>
        <translation>允许的状态变更</translation>
    </message>
    <message>
        <source>Stocktake sheet</source>
        <translation>盘点单</translation>
    </message>
    <message>
        <source>Stocktake line</source>
        <translation>盘点明细</translation>
    </message>
    <message>
        <source>Warehouse type</source>
        <translation>仓库类型</translation>
    </message>
    <message>
        <source>Employee&apos;s work type</source>
        <translation>员工可做工种</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>派工</translation>
    </message>
    <message>
        <source>Job photo</source>
        <translation>现场照片</translation>
    </message>
    <message>
        <source>On-site appointment</source>
        <translation>上门预约</translation>
    </message>
    <message>
        <source>Job history</source>
        <translation>派工历史</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Complaint history</source>
        <translation>投诉记录</translation>
    </message>
    <message>
        <source>Callback rule</source>
        <translation>回访规则</translation>
    </message>
    <message>
        <source>Callback attempt</source>
        <translation>回访拨打记录</translation>
    </message>
    <message>
        <source>Survey question</source>
        <translation>回访问题</translation>
    </message>
    <message>
        <source>Survey answer</source>
        <translation>回访答复</translation>
    </message>
    <message>
        <source>Inquiry</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>Imported dealer list</source>
        <translation>导入的商场客户档案</translation>
    </message>
    <message>
        <source>Commission month</source>
        <translation>提成月份</translation>
    </message>
    <message>
        <source>Job share</source>
        <translation>派工分成</translation>
    </message>
    <message>
        <source>Commission line</source>
        <translation>提成明细</translation>
    </message>
    <message>
        <source>Commission rule</source>
        <translation>提成规则</translation>
    </message>
    <message>
        <source>Grade multiplier</source>
        <translation>技术等级系数</translation>
    </message>
    <message>
        <source>Rework charge-back rule</source>
        <translation>返修扣款规则</translation>
    </message>
    <message>
        <source>Employee&apos;s pay terms</source>
        <translation>员工薪酬设置</translation>
    </message>
    <message>
        <source>Arrival recorded by</source>
        <translation>到货登记方式</translation>
    </message>
    <message>
        <source>Arrival recorded by operator</source>
        <translation>到货登记人</translation>
    </message>
    <message>
        <source>Reason for cancelling</source>
        <translation>撤销原因</translation>
    </message>
    <message>
        <source>Cancelled by</source>
        <translation>作废人</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运方</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Answer recorded by</source>
        <translation>答复登记人</translation>
    </message>
    <message>
        <source>Note on the answer</source>
        <translation>答复备注</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Callback tasks made</source>
        <translation>生成的回访任务数</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新增客户数</translation>
    </message>
    <message>
        <source>New devices</source>
        <translation>新增机器数</translation>
    </message>
    <message>
        <source>Rows imported before</source>
        <translation>此前已导入的行数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Document date</source>
        <translation>单据日期</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>待通知</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Fitted part&apos;s serial no.</source>
        <translation>新件序列号</translation>
    </message>
    <message>
        <source>From status</source>
        <translation>原状态</translation>
    </message>
    <message>
        <source>Last number</source>
        <translation>最后序号</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Ordered by</source>
        <translation>订购登记人</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>上级</translation>
    </message>
    <message>
        <source>Parts</source>
        <comment>fee</comment>
        <translation>配件费</translation>
    </message>
    <message>
        <source>Reason for the payer</source>
        <translation>费用承担方的理由</translation>
    </message>
    <message>
        <source>Handed over by</source>
        <translation>交付人</translation>
    </message>
    <message>
        <source>Number prefix</source>
        <translation>单号前缀</translation>
    </message>
    <message>
        <source>Pre-order</source>
        <translation>预订单</translation>
    </message>
    <message>
        <source>Place of purchase</source>
        <translation>购买地点</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Working day</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>字典值</translation>
    </message>
    <message>
        <source>Sale or reversal</source>
        <translation>结账/冲销</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>费用项</translation>
    </message>
    <message>
        <source>Quoted by</source>
        <translation>报价人</translation>
    </message>
    <message>
        <source>How the customer answered</source>
        <translation>客户答复方式</translation>
    </message>
    <message>
        <source>Reverses document</source>
        <translation>冲销的单据</translation>
    </message>
    <message>
        <source>Reason for cancelling or changing</source>
        <translation>作废或修改原因</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开单时间</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>开单人</translation>
    </message>
    <message>
        <source>Ledger position at opening</source>
        <translation>开单时的台账位置</translation>
    </message>
    <message>
        <source>Posting operation</source>
        <translation>过账操作号</translation>
    </message>
    <message>
        <source>Category counted</source>
        <translation>盘点类别</translation>
    </message>
    <message>
        <source>Book quantity</source>
        <translation>账面数量</translation>
    </message>
    <message>
        <source>Added while counting</source>
        <translation>盘点时新增</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实盘数量</translation>
    </message>
    <message>
        <source>Counted at</source>
        <translation>盘点时间</translation>
    </message>
    <message>
        <source>Counted by</source>
        <translation>盘点人</translation>
    </message>
    <message>
        <source>Moved during the count</source>
        <translation>盘点期间变动</translation>
    </message>
    <message>
        <source>Item moved during the count</source>
        <translation>盘点期间有出入库</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>盘盈盘亏</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <source>Decided at</source>
        <translation>处理时间</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Adjustment document</source>
        <translation>盘点调整单</translation>
    </message>
    <message>
        <source>Technician or outlet</source>
        <translation>工程师/网点</translation>
    </message>
    <message>
        <source>Work type needed</source>
        <translation>所需工种</translation>
    </message>
    <message>
        <source>Reason for the exception to the skills</source>
        <translation>强制指派原因（工种或区域不符）</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>填报时间</translation>
    </message>
    <message>
        <source>Review note</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>Reason for unassigning</source>
        <translation>取消派工原因</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Image type</source>
        <translation>图片格式</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>照片说明</translation>
    </message>
    <message>
        <source>Added by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <source>Work type done</source>
        <translation>完成工种</translation>
    </message>
    <message>
        <source>Blocked with travel time</source>
        <translation>占用时段（含路途）</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Complaint number</source>
        <translation>投诉单号</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>回访单</translation>
    </message>
    <message>
        <source>Callback task</source>
        <translation>回访任务</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>处理期限</translation>
    </message>
    <message>
        <source>Escalation level</source>
        <translation>升级级别</translation>
    </message>
    <message>
        <source>Escalated</source>
        <comment>time</comment>
        <translation>升级时间</translation>
    </message>
    <message>
        <source>Waiting for the customer since</source>
        <translation>开始等待客户时间</translation>
    </message>
    <message>
        <source>Seconds waited for the customer</source>
        <translation>等待客户时长（秒）</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Resolved</source>
        <comment>time</comment>
        <translation>解决时间</translation>
    </message>
    <message>
        <source>Resolved by</source>
        <translation>解决人</translation>
    </message>
    <message>
        <source>Customer accepts</source>
        <translation>客户是否接受</translation>
    </message>
    <message>
        <source>Closed</source>
        <comment>time</comment>
        <translation>关闭时间</translation>
    </message>
    <message>
        <source>Callback round</source>
        <translation>回访轮次</translation>
    </message>
    <message>
        <source>Days after the work</source>
        <translation>完工后天数</translation>
    </message>
    <message>
        <source>Days to call</source>
        <translation>可回访天数</translation>
    </message>
    <message>
        <source>Imported list</source>
        <translation>导入的名单</translation>
    </message>
    <message>
        <source>Call until</source>
        <translation>回访截止日期</translation>
    </message>
    <message>
        <source>Failed calls</source>
        <translation>未接通次数</translation>
    </message>
    <message>
        <source>Call back at</source>
        <translation>约定回拨时间</translation>
    </message>
    <message>
        <source>Last called</source>
        <comment>time</comment>
        <translation>最近拨打时间</translation>
    </message>
    <message>
        <source>Last call&apos;s outcome</source>
        <translation>最近拨打结果</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>结束人</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Counts towards</source>
        <translation>考核维度</translation>
    </message>
    <message>
        <source>Technician&apos;s login</source>
        <translation>服务工程师的登录代码</translation>
    </message>
    <message>
        <source>Due</source>
        <comment>callback due date</comment>
        <translation>应回访日期</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>拨打次数</translation>
    </message>
    <message>
        <source>Last call</source>
        <translation>最近拨打</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>超期天数</translation>
    </message>
    <message>
        <source>Created</source>
        <comment>time</comment>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Callback tasks</source>
        <translation>回访任务</translation>
    </message>
    <message>
        <source>Recorded</source>
        <comment>time</comment>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>使用情况</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Frozen from</source>
        <translation>锁定时间</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>回访单</translation>
    </message>
    <message>
        <source>How the product is used</source>
        <translation>使用情况</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Corrects survey</source>
        <translation>更正的回访单</translation>
    </message>
    <message>
        <source>Answers frozen from</source>
        <translation>答复锁定时间</translation>
    </message>
    <message>
        <source>Lowest score</source>
        <translation>最低分</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Calculated</source>
        <translation>计算时间</translation>
    </message>
    <message>
        <source>Calculated by</source>
        <translation>计算人</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>分成比例 (%)</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Calculated as</source>
        <translation>计算方式</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Rule version</source>
        <translation>规则版本</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>计提基数</translation>
    </message>
    <message>
        <source>Rate (%)</source>
        <translation>比例 (%)</translation>
    </message>
    <message>
        <source>Grade factor</source>
        <translation>技术等级系数</translation>
    </message>
    <message>
        <source>Hours kind</source>
        <translation>工时类别</translation>
    </message>
    <message>
        <source>Basic hours</source>
        <translation>基本工时</translation>
    </message>
    <message>
        <source>Rated hours</source>
        <translation>额定工时</translation>
    </message>
    <message>
        <source>Takes back line</source>
        <translation>冲销明细</translation>
    </message>
    <message>
        <source>Decision note</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <source>Confirmed by</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Commission rules</source>
        <translation>提成规则</translation>
    </message>
    <message>
        <source>Work type code</source>
        <translation>维修工种编码</translation>
    </message>
    <message>
        <source>Rate %</source>
        <translation>比例 %</translation>
    </message>
    <message>
        <source>Grade factors</source>
        <translation>技术等级系数</translation>
    </message>
    <message>
        <source>Factor</source>
        <translation>系数</translation>
    </message>
    <message>
        <source>Pay per hour, basic to rated</source>
        <translation>基本至额定工时每小时绩效</translation>
    </message>
    <message>
        <source>Pay per hour above rated</source>
        <translation>超额定工时每小时绩效</translation>
    </message>
    <message>
        <source>Supervisor factor</source>
        <translation>主管倍数</translation>
    </message>
    <message>
        <source>Supervisor threshold %</source>
        <translation>主管考核达标比例 %</translation>
    </message>
    <message>
        <source>Hours schemes</source>
        <translation>工时方案</translation>
    </message>
    <message>
        <source>Rework charge-back rules</source>
        <translation>返修扣款规则</translation>
    </message>
    <message>
        <source>Multiplier</source>
        <translation>系数</translation>
    </message>
    <message>
        <source>Weight of other hours</source>
        <translation>其它工时折算系数</translation>
    </message>
    <message>
        <source>Pay per hour above the rated hours</source>
        <translation>超额定工时每小时绩效</translation>
    </message>
    <message>
        <source>Pay per hour from basic to rated hours</source>
        <translation>基本至额定工时每小时绩效</translation>
    </message>
    <message>
        <source>Supervisor&apos;s multiplier</source>
        <translation>主管倍数</translation>
    </message>
    <message>
        <source>Department&apos;s hours needed (%)</source>
        <translation>部门工时定额达标比例 (%)</translation>
    </message>
    <message>
        <source>On probation</source>
        <translation>未转正</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>维修主管</translation>
    </message>
    <message>
        <source>Applies automatically</source>
        <translation>自动计入</translation>
    </message>
    <message>
        <source>Score threshold</source>
        <translation>评分界限</translation>
    </message>
    <message>
        <source>Amount per unit</source>
        <translation>每单位金额</translation>
    </message>
    <message>
        <source>Technical grade</source>
        <translation>技术等级</translation>
    </message>
    <message>
        <source>Amount charged back</source>
        <translation>扣款金额</translation>
    </message>
    <message>
        <source>Reversal</source>
        <translation>冲销</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手工登记</translation>
    </message>
    <message>
        <source>Goods receipt</source>
        <translation>入库单</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>已预约</translation>
    </message>
    <message>
        <source>Done</source>
        <comment>visit state</comment>
        <translation>已上门</translation>
    </message>
    <message>
        <source>Reassigned</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <comment>job event</comment>
        <translation>取消派工</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>改约</translation>
    </message>
    <message>
        <source>Work reported</source>
        <translation>填写完工报告</translation>
    </message>
    <message>
        <source>Review undone</source>
        <translation>反审核</translation>
    </message>
    <message>
        <source>Assigned despite skills or region</source>
        <translation>强制指派</translation>
    </message>
    <message>
        <source>Parts</source>
        <comment>warehouse type</comment>
        <translation>配件库</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>维修</translation>
    </message>
    <message>
        <source>Installation</source>
        <translation>安装</translation>
    </message>
    <message>
        <source>Outsourced</source>
        <translation>外协</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Repair warranty days</source>
        <translation>维修保修天数</translation>
    </message>
    <message>
        <source>Settlement</source>
        <translation>结账单</translation>
    </message>
    <message>
        <source>Earlier repair</source>
        <translation>前次维修</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>送修/上门</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>已结账</translation>
    </message>
    <message>
        <source>Settlement no.</source>
        <translation>结账单号</translation>
    </message>
    <message>
        <source>This settlement has been voided.</source>
        <translation>此结账单已作废。</translation>
    </message>
    <message>
        <source>Tel.</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Billed to manufacturer</source>
        <translation>厂家承担</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>Customer pays</source>
        <translation>客户应付</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Customer signature</source>
        <translation>客户签名</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Purchase date</source>
        <translation>购买日期</translation>
    </message>
    <message>
        <source>Proof</source>
        <translation>购机凭证</translation>
    </message>
    <message>
        <source>Warranty months</source>
        <translation>保修月数</translation>
    </message>
    <message>
        <source>Blank: generated</source>
        <translation>留空则自动生成</translation>
    </message>
    <message>
        <source>138 1234 5678</source>
        <translation>138 1234 5678</translation>
    </message>
    <message>
        <source>More numbers, separated by commas</source>
        <translation>其他号码，用逗号分隔</translation>
    </message>
    <message>
        <source>Phone numbers are hidden (no permission).</source>
        <translation>电话号码已隐藏（无查看权限）。</translation>
    </message>
    <message>
        <source>History</source>
        <comment>of a customer</comment>
        <translation>往来记录</translation>
    </message>
    <message>
        <source>Main phone</source>
        <translation>主要电话</translation>
    </message>
    <message>
        <source>Other phones</source>
        <translation>其他电话</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Add device</source>
        <translation>添加机器</translation>
    </message>
    <message>
        <source>Remove new device</source>
        <translation>移除新机器</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>机器</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Import from Excel...</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <source>Customer {code}</source>
        <translation>客户 {code}</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Accessory</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Customer source</source>
        <translation>客户来源</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新建字典值</translation>
    </message>
    <message>
        <source>(all)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <source>Show retired and merged values</source>
        <translation>显示已停用和已合并的值</translation>
    </message>
    <message>
        <source>Suggested while typing (active)</source>
        <translation>输入时作为候选项（启用）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Uses</source>
        <translation>使用次数</translation>
    </message>
    <message>
        <source>Merged into</source>
        <translation>已合并到</translation>
    </message>
    <message>
        <source>Merge into...</source>
        <translation>合并到…</translation>
    </message>
    <message>
        <source>Dictionary</source>
        <translation>字典</translation>
    </message>
    <message>
        <source>Keep which value? &quot;{value}&quot; will be replaced by it.</source>
        <translation>保留哪个值？“{value}”将被其替换。</translation>
    </message>
    <message>
        <source>&quot;{source}&quot; merged into &quot;{target}&quot;.</source>
        <translation>已将“{source}”合并到“{target}”。</translation>
    </message>
    <message>
        <source>Import customers from Excel</source>
        <translation>从 Excel 导入客户</translation>
    </message>
    <message>
        <source>Download template...</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <source>Choose workbook...</source>
        <translation>选择工作簿…</translation>
    </message>
    <message>
        <source>No workbook chosen.</source>
        <translation>未选择工作簿。</translation>
    </message>
    <message>
        <source>Computing the commissions of {month}…</source>
        <translation>正在计算 {month} 的提成…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stopping after this part…</source>
        <translation>本部分完成后停止…</translation>
    </message>
    <message>
        <source>Computing the commissions of {month}: {done} of {total} payees…</source>
        <translation>正在计算 {month} 的提成：已完成 {done}/{total} 人…</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Quote, notice, payment</source>
        <translation>报价、通知、结账</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>No quote is waiting for the customer&apos;s answer.</source>
        <translation>没有等待客户答复的报价。</translation>
    </message>
    <message>
        <source>Already settled.</source>
        <translation>已经结账。</translation>
    </message>
    <message>
        <source>Not settled yet.</source>
        <translation>尚未结账。</translation>
    </message>
    <message>
        <source>Start repair</source>
        <translation>开始修理</translation>
    </message>
    <message>
        <source>Repaired: ready for pickup</source>
        <translation>已修好：待取</translation>
    </message>
    <message>
        <source>Hand over to the customer</source>
        <translation>交还客户</translation>
    </message>
    <message>
        <source>Cancel the ticket</source>
        <translation>撤销维修单</translation>
    </message>
    <message>
        <source>Customer&apos;s answer...</source>
        <translation>客户答复…</translation>
    </message>
    <message>
        <source>Change the promised date...</source>
        <translation>修改承诺日期…</translation>
    </message>
    <message>
        <source>Requisition parts...</source>
        <translation>领料…</translation>
    </message>
    <message>
        <source>Work report</source>
        <translation>完工报告</translation>
    </message>
    <message>
        <source>The customer signed</source>
        <translation>客户已签字</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Save draft (Ctrl+S)</source>
        <translation>保存草稿 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Finish (Ctrl+Enter)</source>
        <translation>完工 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Parts requisitioned for the ticket</source>
        <translation>本单已领配件</translation>
    </message>
    <message>
        <source>Work report {number}</source>
        <translation>完工报告 {number}</translation>
    </message>
    <message>
        <source>Fault: {fault}</source>
        <translation>故障：{fault}</translation>
    </message>
    <message>
        <source>Technician: {name}</source>
        <translation>服务工程师：{name}</translation>
    </message>
    <message>
        <source>Reviewed {when} by {who}: the report can no longer change.</source>
        <translation>已于 {when} 由 {who} 审核：报告不能再修改。</translation>
    </message>
    <message>
        <source>Finished {when}, reported by {who}.</source>
        <translation>{when} 完工，填报人 {who}。</translation>
    </message>
    <message>
        <source>Draft saved {when} by {who}.</source>
        <translation>草稿已于 {when} 由 {who} 保存。</translation>
    </message>
    <message>
        <source>Save correction (Ctrl+S)</source>
        <translation>保存更正 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Reload the work report now?</source>
        <translation>要现在重新加载此完工报告吗？</translation>
    </message>
    <message>
        <source>The work report has unsaved changes. Discard them?</source>
        <translation>完工报告有未保存的修改。要放弃这些修改吗？</translation>
    </message>
    <message>
        <source>No parts requisitioned yet.</source>
        <translation>尚未领料。</translation>
    </message>
    <message>
        <source>Requisition {number}: parts {amount}</source>
        <translation>领料单 {number}：配件 {amount}</translation>
    </message>
    <message>
        <source>(frozen: the ticket is settled or its job reviewed)</source>
        <translation>（已冻结：维修单已结账或派工已审核）</translation>
    </message>
    <message>
        <source>Requisition: {kind}</source>
        <translation>领料单：{kind}</translation>
    </message>
    <message>
        <source>Requisition line deleted</source>
        <translation>领料行已删除</translation>
    </message>
    <message>
        <source>Requisition line changed</source>
        <translation>领料行已修改</translation>
    </message>
    <message>
        <source>1 very dissatisfied</source>
        <translation>1 非常不满意</translation>
    </message>
    <message>
        <source>2 dissatisfied</source>
        <translation>2 不满意</translation>
    </message>
    <message>
        <source>3 acceptable</source>
        <translation>3 一般</translation>
    </message>
    <message>
        <source>4 satisfied</source>
        <translation>4 满意</translation>
    </message>
    <message>
        <source>5 very satisfied</source>
        <translation>5 非常满意</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>How to use</source>
        <translation>使用方法</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Visit to the counter</source>
        <translation>来店</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <source>Became a ticket</source>
        <translation>已转维修单</translation>
    </message>
    <message>
        <source>Became a pre-order</source>
        <translation>已转预订购件</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>维修单</translation>
    </message>
    <message>
        <source>Pre-orders</source>
        <translation>预订购件</translation>
    </message>
    <message>
        <source>Callbacks</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>round {round}</source>
        <translation>第 {round} 轮</translation>
    </message>
    <message>
        <source>due {day}</source>
        <translation>{day} 到期</translation>
    </message>
    <message>
        <source>until {day}</source>
        <translation>截止 {day}</translation>
    </message>
    <message>
        <source>{count} calls</source>
        <translation>已拨打 {count} 次</translation>
    </message>
    <message>
        <source>received {day}</source>
        <translation>{day} 接单</translation>
    </message>
    <message>
        <source>finished {day}</source>
        <translation>{day} 完工</translation>
    </message>
    <message>
        <source>call back at {time}</source>
        <translation>约定 {time} 回拨</translation>
    </message>
    <message>
        <source>Correction of survey {id}</source>
        <translation>回访单 {id} 的更正</translation>
    </message>
    <message>
        <source>Survey {id}</source>
        <translation>回访单 {id}</translation>
    </message>
    <message>
        <source>corrected</source>
        <translation>已更正</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>can be changed until {time}</source>
        <translation>{time} 前可修改</translation>
    </message>
    <message>
        <source>complaint {number}</source>
        <translation>投诉 {number}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Received: {status}</source>
        <translation>接机：{status}</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>状态：{status}</translation>
    </message>
    <message>
        <source>Moved: {where}</source>
        <translation>移至：{where}</translation>
    </message>
    <message>
        <source>Quote {amount}</source>
        <translation>报价 {amount}</translation>
    </message>
    <message>
        <source>Notice: {kind}</source>
        <translation>通知：{kind}</translation>
    </message>
    <message>
        <source>Settled {amount}</source>
        <translation>结账 {amount}</translation>
    </message>
    <message>
        <source>Settlement reversed {amount}</source>
        <translation>结账冲销 {amount}</translation>
    </message>
    <message>
        <source>No quote yet: out-of-warranty repairs need one the customer approves.</source>
        <translation>尚无报价：保外维修须先经客户同意报价。</translation>
    </message>
    <message>
        <source>Quoted</source>
        <translation>报价时间</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>客户答复</translation>
    </message>
    <message>
        <source>The customer has not been notified yet.</source>
        <translation>尚未通知客户。</translation>
    </message>
    <message>
        <source>(voided)</source>
        <translation>（已作废）</translation>
    </message>
    <message>
        <source>Subtotal {subtotal}, discount {discount}, customer pays {due} by {method}; received {paid}, change {change}. Settled {time} by {who}.</source>
        <translation>小计 {subtotal}，折扣 {discount}，客户应付 {due}（{method}）；实收 {paid}，找零 {change}。{time} 由 {who} 结账。</translation>
    </message>
    <message>
        <source>Scores (type 1-5)</source>
        <translation>评分（按 1-5 键）</translation>
    </message>
    <message>
        <source>Correct...</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Open a complaint...</source>
        <translation>登记投诉…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>History</source>
        <comment>of a callback task</comment>
        <translation>回访历史</translation>
    </message>
    <message>
        <source>Survey: {customer} {number}</source>
        <translation>回访单：{customer} {number}</translation>
    </message>
    <message>
        <source>Record the customer&apos;s answers.</source>
        <translation>请登记客户的答复。</translation>
    </message>
    <message>
        <source>Recorded; it can still be changed until {time}.</source>
        <translation>已登记；在 {time} 之前仍可修改。</translation>
    </message>
    <message>
        <source>Correcting the survey: saving records a correction that replaces it.</source>
        <translation>正在更正回访单：保存后将登记一份更正，取代原回访单。</translation>
    </message>
    <message>
        <source>The survey is frozen; Correct makes a correction.</source>
        <translation>该回访单已锁定；如需修改，请点击“更正”。</translation>
    </message>
    <message>
        <source>Recorded by {who}.</source>
        <translation>登记人：{who}。</translation>
    </message>
    <message>
        <source>The task is closed ({state}); it has no survey.</source>
        <translation>该回访任务已结束（{state}），没有回访单。</translation>
    </message>
    <message>
        <source>Give every score question a score from 1 to 5.</source>
        <translation>请为每个评分问题打 1 到 5 分。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved. Complaint {number} was opened automatically for the low score.</source>
        <translation>已保存。因评分过低，已自动生成投诉 {number}。</translation>
    </message>
    <message>
        <source>Open complaint {number}</source>
        <translation>打开投诉 {number}</translation>
    </message>
    <message>
        <source>Open the complaint</source>
        <translation>打开投诉</translation>
    </message>
    <message>
        <source>Complaint {number} was opened.</source>
        <translation>已登记投诉 {number}。</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>报价</translation>
    </message>
    <message>
        <source>New parts pre-order</source>
        <translation>新建预订购件</translation>
    </message>
    <message>
        <source>Phone, name or serial of the customer</source>
        <translation>客户的电话、姓名或序列号</translation>
    </message>
    <message>
        <source>Look up and pick the customer.</source>
        <translation>请查找并选择客户。</translation>
    </message>
    <message>
        <source>New pre-order...</source>
        <translation>新建预订…</translation>
    </message>
    <message>
        <source>Part arrived</source>
        <translation>配件到货</translation>
    </message>
    <message>
        <source>Hand over...</source>
        <translation>交付…</translation>
    </message>
    <message>
        <source>Cancel...</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <source>Select a pre-order first.</source>
        <translation>请先选择一条预订购件。</translation>
    </message>
    <message>
        <source>Pre-order {number} saved.</source>
        <translation>预订购件单 {number} 已保存。</translation>
    </message>
    <message>
        <source>Marked as arrived: the &apos;parts arrived&apos; notice is now due.</source>
        <translation>已标记为到货：需发送“配件已到货”通知。</translation>
    </message>
    <message>
        <source>Handed over.</source>
        <translation>已交付。</translation>
    </message>
    <message>
        <source>Say why the customer no longer wants the part.</source>
        <translation>请说明客户为什么不再需要该配件。</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>交付</translation>
    </message>
    <message>
        <source>Left to pay</source>
        <translation>待付金额</translation>
    </message>
    <message>
        <source>Change {amount}</source>
        <translation>找零 {amount}</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Cancel the pre-order</source>
        <translation>撤销预订购件</translation>
    </message>
    <message>
        <source>Pre-order cancelled.</source>
        <translation>预订购件已撤销。</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>报价</translation>
    </message>
    <message>
        <source>Quote...</source>
        <translation>报价…</translation>
    </message>
    <message>
        <source>awaiting the customer&apos;s answer</source>
        <translation>等待客户答复</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>客户已同意</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>客户已拒绝</translation>
    </message>
    <message>
        <source>replaced by a newer quote</source>
        <translation>已被新报价替代</translation>
    </message>
    <message>
        <source>Noted</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>On-site visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Received {received}</source>
        <translation>接机 {received}</translation>
    </message>
    <message>
        <source>proof of purchase seen</source>
        <translation>已查验购机凭证</translation>
    </message>
    <message>
        <source>no proof of purchase</source>
        <translation>无购机凭证</translation>
    </message>
    <message>
        <source>{decision}: {reason}</source>
        <translation>{decision}：{reason}</translation>
    </message>
    <message>
        <source>rework of {number}</source>
        <translation>{number} 的返修</translation>
    </message>
    <message>
        <source>(free)</source>
        <translation>（免费）</translation>
    </message>
    <message>
        <source>overridden: {reason}</source>
        <translation>已更改判定：{reason}</translation>
    </message>
    <message>
        <source>{date}, {proof}</source>
        <translation>{date}，{proof}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不详</translation>
    </message>
    <message>
        <source>{months} months</source>
        <translation>{months} 个月</translation>
    </message>
    <message>
        <source>appointment {time}</source>
        <translation>预约 {time}</translation>
    </message>
    <message>
        <source>Ready for {days} days and not collected: call the customer.</source>
        <translation>已修好 {days} 天仍未取机：请联系客户。</translation>
    </message>
    <message>
        <source>{days} days past the promised date {date}.</source>
        <translation>已超过承诺取机日期 {date} {days} 天。</translation>
    </message>
    <message>
        <source>The promised date is now {date}: use Notify... to tell the customer.</source>
        <translation>承诺取机日期已改为 {date}：请用“通知…”告知客户。</translation>
    </message>
    <message>
        <source>The promised date is now {date}.</source>
        <translation>承诺取机日期已改为 {date}。</translation>
    </message>
    <message>
        <source>Notify...</source>
        <translation>通知…</translation>
    </message>
    <message>
        <source>Settle...</source>
        <translation>结账…</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>重打接机单</translation>
    </message>
    <message>
        <source>Print settlement</source>
        <translation>打印结账单</translation>
    </message>
    <message>
        <source>Status changed to {status}.</source>
        <translation>状态已改为“{status}”。</translation>
    </message>
    <message>
        <source>The ticket is cancelled: say why.</source>
        <translation>撤销维修单：请说明原因。</translation>
    </message>
    <message>
        <source>The unit is handed over without a settlement: say why.</source>
        <translation>未结账即交机：请说明原因。</translation>
    </message>
    <message>
        <source>Quote recorded.</source>
        <translation>报价已记录。</translation>
    </message>
    <message>
        <source>The customer&apos;s answer is recorded.</source>
        <translation>客户答复已记录。</translation>
    </message>
    <message>
        <source>Your repair</source>
        <translation>您的维修进度</translation>
    </message>
    <message>
        <source>Notice recorded.</source>
        <translation>通知已记录。</translation>
    </message>
    <message>
        <source>Settled.</source>
        <translation>已结账。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save the import template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <source>customer import template</source>
        <translation>客户导入模板</translation>
    </message>
    <message>
        <source>Check: {reason}</source>
        <translation>请核对：{reason}</translation>
    </message>
    <message>
        <source>{count} rows have a number in a code or phone column: leading zeros may have been lost. Check them before importing.</source>
        <translation>有 {count} 行的编码或电话列是数字格式，开头的 0 可能已丢失。请在导入前核对。</translation>
    </message>
    <message>
        <source>Import products and parts from Excel</source>
        <translation>从 Excel 导入产品和配件</translation>
    </message>
    <message>
        <source>product import template</source>
        <translation>产品导入模板</translation>
    </message>
    <message>
        <source>{rows} rows read: {items} products and parts ({existing} already known, updated).</source>
        <translation>已读取 {rows} 行：{items} 个产品和配件（其中 {existing} 个已存在，将更新）。</translation>
    </message>
    <message>
        <source>Imported: {items} new products and parts, {updated} updated, {costs} cost prices.</source>
        <translation>已导入：新增 {items} 个产品和配件，更新 {updated} 个，成本价 {costs} 条。</translation>
    </message>
    <message>
        <source>Template saved as {path}.</source>
        <translation>模板已保存为 {path}。</translation>
    </message>
    <message>
        <source>Choose the workbook to import</source>
        <translation>选择要导入的工作簿</translation>
    </message>
    <message>
        <source>Reading the workbook...</source>
        <translation>正在读取工作簿…</translation>
    </message>
    <message>
        <source>{rows} rows read: {customers} customers ({existing} already known, updated), {devices} devices, {phones} phone numbers.</source>
        <translation>已读取 {rows} 行：{customers} 个客户（其中 {existing} 个已存在，将更新），{devices} 台机器，{phones} 个电话号码。</translation>
    </message>
    <message>
        <source>{count} rows have errors; correct them in the workbook and choose it again.</source>
        <translation>有 {count} 行存在错误；请在工作簿中更正后重新选择该工作簿。</translation>
    </message>
    <message>
        <source>Importing...</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Imported: {customers} new customers, {updated} updated, {phones} phone numbers, {devices} devices.</source>
        <translation>导入完成：新增 {customers} 个客户，更新 {updated} 个，{phones} 个电话号码，{devices} 台机器。</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <source>Service outlets</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <source>Outlet name</source>
        <translation>网点名称</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Hours count as</source>
        <translation>工时类别</translation>
    </message>
    <message>
        <source>Applied automatically</source>
        <translation>自动计入</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Region name</source>
        <translation>区域名称</translation>
    </message>
    <message>
        <source>Add city</source>
        <translation>添加城市</translation>
    </message>
    <message>
        <source>Add child</source>
        <translation>添加下级</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Move under...</source>
        <translation>移动到…下</translation>
    </message>
    <message>
        <source>Outlet code</source>
        <translation>网点代码</translation>
    </message>
    <message>
        <source>Settlement terms</source>
        <translation>结算方式</translation>
    </message>
    <message>
        <source>New outlet</source>
        <translation>新建网点</translation>
    </message>
    <message>
        <source>(choose a day)</source>
        <translation>（请选择日期）</translation>
    </message>
    <message>
        <source>(open-ended)</source>
        <translation>（长期有效）</translation>
    </message>
    <message>
        <source>The last day the rule holds; leave it at (open-ended) for a rule without an end.</source>
        <translation>规则有效的最后一天；不设截止日期请保留“（长期有效）”。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete {what}?</source>
        <translation>要删除{what}吗？</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <source>e.g. 30 for 30 %</source>
        <translation>例如 30 表示 30 %</translation>
    </message>
    <message>
        <source>New commission rule</source>
        <translation>新建提成规则</translation>
    </message>
    <message>
        <source>Paid per unit of the work type done (its quantity on the work report), times the technician&apos;s grade factor.</source>
        <translation>按完工报告中该维修工种的数量，每单位计发固定金额，再乘以服务工程师的技术等级系数。</translation>
    </message>
    <message>
        <source>A share of the work type&apos;s labour fee times its quantity, times the technician&apos;s grade factor.</source>
        <translation>按该维修工种的人工费乘以数量计提一定比例，再乘以服务工程师的技术等级系数。</translation>
    </message>
    <message>
        <source>A share of the job&apos;s parts margin (parts sold less their cost), counted once per job, times the grade factor.</source>
        <translation>按派工的零件毛利（零件售价减成本）计提一定比例，每个派工只计一次，再乘以技术等级系数。</translation>
    </message>
    <message>
        <source>the rule</source>
        <translation>该规则</translation>
    </message>
    <message>
        <source> (inactive)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>Commission rule: {mode} / {work_type}</source>
        <translation>提成规则：{mode} / {work_type}</translation>
    </message>
    <message>
        <source>Example: 1 unit of the work type pays {paid} (grade factor 1.000).</source>
        <translation>示例：该维修工种 1 个单位计发 {paid}（技术等级系数 1.000）。</translation>
    </message>
    <message>
        <source>Example: 1 unit of the work type (labour fee {fee}) pays {paid} (grade factor 1.000).</source>
        <translation>示例：该维修工种 1 个单位（人工费 {fee}）计发 {paid}（技术等级系数 1.000）。</translation>
    </message>
    <message>
        <source>Example: a job with {margin} of parts margin pays {paid} (grade factor 1.000).</source>
        <translation>示例：零件毛利 {margin} 的派工计发 {paid}（技术等级系数 1.000）。</translation>
    </message>
    <message>
        <source>No commission line uses this rule yet.</source>
        <translation>尚无提成明细使用此规则。</translation>
    </message>
    <message>
        <source>{count} commission lines use this rule. They keep the amount or rate they were made with: a change applies only to jobs reviewed after it. To pay differently from a day on, end this rule (Valid until) and add a new one.</source>
        <translation>已有 {count} 条提成明细使用此规则。这些明细保留生成时的金额或比例：修改只对之后审核的派工生效。若要从某天起按新标准计发，请设置本规则的截止日期，再新建一条规则。</translation>
    </message>
    <message>
        <source>New rework rule</source>
        <translation>新建返修扣款规则</translation>
    </message>
    <message>
        <source>A free rework (返修) charges the technicians of the first job back: a fixed amount, or a share of the commission they had for that job (100 % takes it back in full). The rule valid on the day the rework is finished applies.</source>
        <translation>免费返修（返修）向原派工的服务工程师扣款：固定金额，或按其原派工提成的一定比例（100 % 即全额扣回）。按返修完工当天有效的规则计算。</translation>
    </message>
    <message>
        <source>Rework rule from {day}</source>
        <translation>返修扣款规则（自 {day} 起）</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>（顶级）</translation>
    </message>
    <message>
        <source>Region added.</source>
        <translation>区域已添加。</translation>
    </message>
    <message>
        <source>Region saved.</source>
        <translation>区域已保存。</translation>
    </message>
    <message>
        <source>Region moved.</source>
        <translation>区域已移动。</translation>
    </message>
    <message>
        <source>Select a region first.</source>
        <translation>请先选择一个区域。</translation>
    </message>
    <message>
        <source>New service outlet</source>
        <translation>新建服务网点</translation>
    </message>
    <message>
        <source>Service outlet {code}</source>
        <translation>服务网点 {code}</translation>
    </message>
    <message>
        <source>work type</source>
        <translation>维修工种</translation>
    </message>
    <message>
        <source>Work types</source>
        <translation>维修工种</translation>
    </message>
    <message>
        <source>Labour fee</source>
        <translation>人工费</translation>
    </message>
    <message>
        <source>Standard hours</source>
        <translation>标准工时</translation>
    </message>
    <message>
        <source>reward/penalty item</source>
        <translation>奖惩项目</translation>
    </message>
    <message>
        <source>Rewards and penalties</source>
        <translation>奖惩项目</translation>
    </message>
    <message>
        <source>Repaired, ready for pickup</source>
        <translation>已修好，待取机</translation>
    </message>
    <message>
        <source>Parts arrived</source>
        <translation>配件已到货</translation>
    </message>
    <message>
        <source>Repair period extended</source>
        <translation>维修期延长</translation>
    </message>
    <message>
        <source>Waiting for parts</source>
        <translation>待件</translation>
    </message>
    <message>
        <source>Pre-ordered part still on the way</source>
        <translation>预订配件在途</translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>维修单号</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>机器</translation>
    </message>
    <message>
        <source>Promised date</source>
        <translation>承诺取机日期</translation>
    </message>
    <message>
        <source>New promised date</source>
        <translation>新的承诺取机日期</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>本店名称</translation>
    </message>
    <message>
        <source>Shop phone</source>
        <translation>本店电话</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Unknown placeholder {placeholder} in the template. Use only: {known}.</source>
        <translation>模板中有未知的占位符 {placeholder}。只能使用：{known}。</translation>
    </message>
    <message>
        <source>The brace at character {position} of the template is not paired. A value is written as a name in braces; to show a brace itself, write it twice.</source>
        <translation>模板第 {position} 个字符处的大括号不成对。取值写作大括号括起的名称；如需显示大括号本身，请连写两个。</translation>
    </message>
    <message>
        <source>(every mode)</source>
        <translation>（所有服务方式）</translation>
    </message>
    <message>
        <source>Amount (negative = penalty)</source>
        <translation>金额（负数为罚款）</translation>
    </message>
    <message>
        <source>Survey score threshold</source>
        <translation>回访评分界限</translation>
    </message>
    <message>
        <source>overdue rule</source>
        <translation>期限扣费规则</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派工</translation>
    </message>
    <message>
        <source>Overdue rules</source>
        <translation>期限扣费</translation>
    </message>
    <message>
        <source>Amount per day</source>
        <translation>每日扣费</translation>
    </message>
    <message>
        <source>Grace days</source>
        <translation>宽限天数</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>New {what}</source>
        <translation>新建{what}</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Hire date</source>
        <translation>入职日期</translation>
    </message>
    <message>
        <source>Departments and positions</source>
        <translation>部门和岗位</translation>
    </message>
    <message>
        <source>Name of the new department or position</source>
        <translation>新部门或岗位的名称</translation>
    </message>
    <message>
        <source>Add department</source>
        <translation>添加部门</translation>
    </message>
    <message>
        <source>Add under selected</source>
        <translation>添加到所选部门下</translation>
    </message>
    <message>
        <source>Add position</source>
        <translation>添加岗位</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>Technician (does repairs)</source>
        <translation>服务工程师（负责维修）</translation>
    </message>
    <message>
        <source>e.g. 3500.00</source>
        <translation>例如 3500.00</translation>
    </message>
    <message>
        <source>Employee code</source>
        <translation>员工代码</translation>
    </message>
    <message>
        <source>Regions served</source>
        <translation>服务区域</translation>
    </message>
    <message>
        <source>Linked operator</source>
        <translation>关联操作员</translation>
    </message>
    <message>
        <source>Post wage</source>
        <translation>岗位工资</translation>
    </message>
    <message>
        <source>New employee</source>
        <translation>新建员工</translation>
    </message>
    <message>
        <source>Work types they may do</source>
        <translation>可做工种</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>薪酬</translation>
    </message>
    <message>
        <source>Basic hours a month</source>
        <translation>每月基本工时</translation>
    </message>
    <message>
        <source>Rated hours a month</source>
        <translation>每月额定工时</translation>
    </message>
    <message>
        <source>Hours scheme: no performance pay up to these assessed hours.</source>
        <translation>工时方案：考核工时不超过此数时不计发绩效工资。</translation>
    </message>
    <message>
        <source>Hours scheme: each hour above these pays the higher rate.</source>
        <translation>工时方案：超过此数的每小时按较高标准计发。</translation>
    </message>
    <message>
        <source>On probation (no performance pay)</source>
        <translation>未转正（不享受绩效工资）</translation>
    </message>
    <message>
        <source>Supervisor of the department</source>
        <translation>部门维修主管</translation>
    </message>
    <message>
        <source>Department added.</source>
        <translation>部门已添加。</translation>
    </message>
    <message>
        <source>Position added.</source>
        <translation>岗位已添加。</translation>
    </message>
    <message>
        <source>Select the department the position belongs to.</source>
        <translation>请选择岗位所属的部门。</translation>
    </message>
    <message>
        <source>Department moved.</source>
        <translation>部门已移动。</translation>
    </message>
    <message>
        <source>Select the department to move.</source>
        <translation>请选择要移动的部门。</translation>
    </message>
    <message>
        <source>Employee {code}</source>
        <translation>员工 {code}</translation>
    </message>
    <message>
        <source>Finished goods</source>
        <translation>成品库</translation>
    </message>
    <message>
        <source>Pending repair</source>
        <translation>待修库</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样品库</translation>
    </message>
    <message>
        <source>Scrap</source>
        <translation>报损库</translation>
    </message>
    <message>
        <source>Merchant returns</source>
        <translation>商返库</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>配件</translation>
    </message>
    <message>
        <source>Warehouses</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Warehouse name</source>
        <translation>仓库名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Keeper</source>
        <translation>仓管员</translation>
    </message>
    <message>
        <source>New warehouse</source>
        <translation>新建仓库</translation>
    </message>
    <message>
        <source>Warehouse {code}</source>
        <translation>仓库 {code}</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待修</translation>
    </message>
    <message>
        <source>In repair</source>
        <translation>修理中</translation>
    </message>
    <message>
        <source>Hard to repair</source>
        <translation>难修</translation>
    </message>
    <message>
        <source>Returned to factory</source>
        <translation>返厂</translation>
    </message>
    <message>
        <source>Ready for pickup</source>
        <translation>待取</translation>
    </message>
    <message>
        <source>Unknown ticket status {status}.</source>
        <translation>未知的维修单状态 {status}。</translation>
    </message>
    <message>
        <source>The ticket is already {current}.</source>
        <translation>维修单已经是“{current}”状态。</translation>
    </message>
    <message>
        <source>The ticket is closed ({current}); nothing more can change.</source>
        <translation>维修单已结束（{current}），不能再更改。</translation>
    </message>
    <message>
        <source>A ticket that is {current} cannot become {target}.</source>
        <translation>状态为“{current}”的维修单不能改为“{target}”。</translation>
    </message>
    <message>
        <source>Out-of-warranty repair needs the customer&apos;s approval of a quote first.</source>
        <translation>保外维修须先经客户确认报价。</translation>
    </message>
    <message>
        <source>Give a reason for cancelling the ticket.</source>
        <translation>请填写撤销原因。</translation>
    </message>
    <message>
        <source>The ticket is not settled. Settle it first, or ask someone allowed to release unsettled units.</source>
        <translation>维修单尚未结账。请先结账，或请有权限的人员办理未结账放机。</translation>
    </message>
    <message>
        <source>Give a reason for releasing the unit without settlement.</source>
        <translation>请填写未结账放机的原因。</translation>
    </message>
    <message>
        <source>In warranty</source>
        <translation>保内</translation>
    </message>
    <message>
        <source>Out of warranty</source>
        <translation>保外</translation>
    </message>
    <message>
        <source>Claim unit</source>
        <translation>理赔机</translation>
    </message>
    <message>
        <source>Human damage</source>
        <translation>人为损坏</translation>
    </message>
    <message>
        <source>No proof of purchase</source>
        <translation>无购机凭证</translation>
    </message>
    <message>
        <source>Purchase date unknown</source>
        <translation>购机日期不详</translation>
    </message>
    <message>
        <source>Warranty expired on {date}</source>
        <translation>保修已于 {date} 到期</translation>
    </message>
    <message>
        <source>Covered until {date}</source>
        <translation>保修至 {date}</translation>
    </message>
    <message>
        <source>Claim unit: repaired under the manufacturer&apos;s claim.</source>
        <translation>理赔机：按厂家理赔维修。</translation>
    </message>
    <message>
        <source>Out of warranty: the damage was caused by the user.</source>
        <translation>保外：人为损坏。</translation>
    </message>
    <message>
        <source>Out of warranty: there is no proof of purchase.</source>
        <translation>保外：无购机凭证。</translation>
    </message>
    <message>
        <source>Out of warranty: the purchase date is unknown.</source>
        <translation>保外：购机日期不详。</translation>
    </message>
    <message>
        <source>Out of warranty: the warranty expired on {date}.</source>
        <translation>保外：保修已于 {date} 到期。</translation>
    </message>
    <message>
        <source>In warranty: covered until {date}.</source>
        <translation>保内：保修至 {date}。</translation>
    </message>
    <message>
        <source>The purchase date cannot be in the future.</source>
        <translation>购机日期不能晚于今天。</translation>
    </message>
    <message>
        <source>Enter the promised date.</source>
        <translation>请输入承诺取机日期。</translation>
    </message>
    <message>
        <source>The promised date cannot be before the intake date.</source>
        <translation>承诺取机日期不能早于接机日期。</translation>
    </message>
    <message>
        <source>The ticket was changed by {who} at {when} meanwhile. Reload it and apply your change again.</source>
        <translation>该维修单已于 {when} 被 {who} 修改。请重新加载后再次修改。</translation>
    </message>
    <message>
        <source>The customer no longer exists.</source>
        <translation>该客户已不存在。</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>请输入客户姓名。</translation>
    </message>
    <message>
        <source>The device does not belong to this customer.</source>
        <translation>该机器不属于此客户。</translation>
    </message>
    <message>
        <source>Enter the product.</source>
        <translation>请输入产品。</translation>
    </message>
    <message>
        <source>Describe the fault.</source>
        <translation>请填写故障描述。</translation>
    </message>
    <message>
        <source>An on-site job needs the address and the appointment time.</source>
        <translation>上门服务需要填写地址和预约时间。</translation>
    </message>
    <message>
        <source>Give a reason for overriding the warranty decision.</source>
        <translation>请填写更改保修判定的原因。</translation>
    </message>
    <message>
        <source>The promised date can be at most {days} days after the intake.</source>
        <translation>承诺取机日期最晚为接机后 {days} 天。</translation>
    </message>
    <message>
        <source>The ticket no longer exists.</source>
        <translation>该维修单已不存在。</translation>
    </message>
    <message>
        <source>There is no ticket {number}; check the number on the sheet.</source>
        <translation>没有维修单 {number}；请核对单据上的单号。</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>Say where the unit is.</source>
        <translation>请填写机器所在位置。</translation>
    </message>
    <message>
        <source>A fee cannot be negative.</source>
        <translation>费用不能为负数。</translation>
    </message>
    <message>
        <source>The quote no longer exists.</source>
        <translation>该报价已不存在。</translation>
    </message>
    <message>
        <source>The customer has already answered this quote.</source>
        <translation>客户已答复过此报价。</translation>
    </message>
    <message>
        <source>Enter the date of the customer&apos;s answer (not in the future).</source>
        <translation>请输入客户答复的日期（不能晚于今天）。</translation>
    </message>
    <message>
        <source>Choose how the customer is told.</source>
        <translation>请选择通知客户的方式。</translation>
    </message>
    <message>
        <source>This channel is not set up. Ask a manager to set it up in the shop settings.</source>
        <translation>此通知方式尚未设置。请联系经理在门店设置中进行设置。</translation>
    </message>
    <message>
        <source>Enter the text of the notice.</source>
        <translation>请输入通知内容。</translation>
    </message>
    <message>
        <source>The text has gaps: {labels} not filled in. Ask a manager to enter them in the front desk settings, or complete the text before sending.</source>
        <translation>通知内容不完整：{labels}尚未填写。请经理在前台设置中填写，或先补全内容再发送。</translation>
    </message>
    <message>
        <source>A notice needs a ticket or a pre-order.</source>
        <translation>通知必须关联维修单或预订购件单。</translation>
    </message>
    <message>
        <source>This notice is not being sent.</source>
        <translation>此通知不在发送中。</translation>
    </message>
    <message>
        <source>Enter the part.</source>
        <translation>请输入配件。</translation>
    </message>
    <message>
        <source>The quantity must be more than zero.</source>
        <translation>数量必须大于零。</translation>
    </message>
    <message>
        <source>The deposit is more than the price.</source>
        <translation>订金超过了价格。</translation>
    </message>
    <message>
        <source>The pre-order no longer exists.</source>
        <translation>该预订购件单已不存在。</translation>
    </message>
    <message>
        <source>The settlement no longer exists.</source>
        <translation>该结账单已不存在。</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name and phone number, or pick a returning customer.</source>
        <translation>请输入客户姓名和电话，或选择一位老客户。</translation>
    </message>
    <message>
        <source>Choose carry-in or on-site.</source>
        <translation>请选择送修或上门。</translation>
    </message>
    <message>
        <source>An on-site job needs the address.</source>
        <translation>上门服务需要填写地址。</translation>
    </message>
    <message>
        <source>An on-site job needs the appointment time.</source>
        <translation>上门服务需要填写预约时间。</translation>
    </message>
    <message>
        <source>Choose the warranty class.</source>
        <translation>请选择保修类别。</translation>
    </message>
    <message>
        <source>Give a reason for charging a rework.</source>
        <translation>请填写返修收费的原因。</translation>
    </message>
    <message>
        <source>Choose the kind of notice.</source>
        <translation>请选择通知类型。</translation>
    </message>
    <message>
        <source>Give a reason for voiding the settlement.</source>
        <translation>请填写作废结账的原因。</translation>
    </message>
    <message>
        <source>Counter shelf</source>
        <translation>前台货架</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完工</translation>
    </message>
    <message>
        <source>With a technician</source>
        <translation>在服务工程师处</translation>
    </message>
    <message>
        <source>Sent to the factory</source>
        <translation>返厂</translation>
    </message>
    <message>
        <source>At a service outlet</source>
        <translation>在服务网点</translation>
    </message>
    <message>
        <source>Back with the customer</source>
        <translation>已交还客户</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>当面</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>The unit cannot be expected back before it was sent.</source>
        <translation>预计返回日期不能早于送出日期。</translation>
    </message>
    <message>
        <source>Choose how the customer answered.</source>
        <translation>请选择客户答复的方式。</translation>
    </message>
    <message>
        <source>The SMS gateway refused the message: {reason}</source>
        <translation>短信网关拒绝了该消息：{reason}</translation>
    </message>
    <message>
        <source>Could not reach the SMS gateway: {reason}</source>
        <translation>无法连接短信网关：{reason}</translation>
    </message>
    <message>
        <source>The SMS gateway did not answer within {seconds} seconds; the message may or may not have been sent. Check with the gateway before sending it again.</source>
        <translation>短信网关在 {seconds} 秒内没有响应，消息可能已发送，也可能未发送。请先向短信网关核实，再决定是否重新发送。</translation>
    </message>
    <message>
        <source>The mail server refused the message: {reason}</source>
        <translation>邮件服务器拒绝了该邮件：{reason}</translation>
    </message>
    <message>
        <source>Could not reach the mail server: {reason}</source>
        <translation>无法连接邮件服务器：{reason}</translation>
    </message>
    <message>
        <source>Sending SMS is not set up. Ask a manager to configure the SMS gateway in the settings.</source>
        <translation>尚未设置短信发送。请联系经理在设置中配置短信网关。</translation>
    </message>
    <message>
        <source>Sending e-mail is not set up. Ask a manager to configure the mail server in the settings.</source>
        <translation>尚未设置邮件发送。请联系经理在设置中配置邮件服务器。</translation>
    </message>
    <message>
        <source>{value} is not an e-mail address.</source>
        <translation>{value} 不是有效的电子邮件地址。</translation>
    </message>
    <message>
        <source>The setting {setting} is required.</source>
        <translation>必须填写设置项 {setting}。</translation>
    </message>
    <message>
        <source>The setting {setting} has an invalid value: {value}.</source>
        <translation>设置项 {setting} 的值无效：{value}。</translation>
    </message>
    <message>
        <source>The setting {setting} must be text.</source>
        <translation>设置项 {setting} 必须是文本。</translation>
    </message>
    <message>
        <source>The notice could not be sent: {reason}</source>
        <translation>通知发送失败：{reason}</translation>
    </message>
    <message>
        <source>Repairs</source>
        <translation>维修</translation>
    </message>
    <message>
        <source>The board could not be refreshed.</source>
        <translation>看板无法刷新。</translation>
    </message>
    <message>
        <source>Not collected after {days} days</source>
        <translation>超过 {days} 天未取</translation>
    </message>
    <message>
        <source>Picked up today</source>
        <translation>今日已取</translation>
    </message>
    <message>
        <source>Received today</source>
        <translation>今日接机</translation>
    </message>
    <message>
        <source>Notices due</source>
        <translation>待通知</translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <source>Shop (free rework)</source>
        <translation>本店（免费返修）</translation>
    </message>
    <message>
        <source>Enter an amount such as 12.50.</source>
        <translation>请输入金额，例如 12.50。</translation>
    </message>
    <message>
        <source>Settle {number}</source>
        <translation>结账 {number}</translation>
    </message>
    <message>
        <source>Cash: the amount handed over</source>
        <translation>现金：客户交来的金额</translation>
    </message>
    <message>
        <source>Billed to</source>
        <translation>费用承担方</translation>
    </message>
    <message>
        <source>Discount reason</source>
        <translation>折扣原因</translation>
    </message>
    <message>
        <source>Amount received</source>
        <translation>实收金额</translation>
    </message>
    <message>
        <source>Requisitioned parts</source>
        <translation>已领配件</translation>
    </message>
    <message>
        <source>Customer pays {due}, change {change}</source>
        <translation>客户应付 {due}，找零 {change}</translation>
    </message>
    <message>
        <source>Quote for {number}</source>
        <translation>报价：{number}</translation>
    </message>
    <message>
        <source>Total {amount}</source>
        <translation>合计 {amount}</translation>
    </message>
    <message>
        <source>The customer&apos;s answer</source>
        <translation>客户答复</translation>
    </message>
    <message>
        <source>Approved: go ahead with the repair</source>
        <translation>同意：开始维修</translation>
    </message>
    <message>
        <source>Declined: do not repair</source>
        <translation>拒绝：不修</translation>
    </message>
    <message>
        <source>Change the promised date</source>
        <translation>修改承诺取机日期</translation>
    </message>
    <message>
        <source>Received {received}; a promise can be up to {latest}.</source>
        <translation>接机日期 {received}；承诺日期最晚可到 {latest}。</translation>
    </message>
    <message>
        <source>Notify the customer</source>
        <translation>通知客户</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>通知类型</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通知方式</translation>
    </message>
    <message>
        <source>To</source>
        <translation>发送至</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Print preview: {title}</source>
        <translation>打印预览：{title}</translation>
    </message>
    <message>
        <source>After-sales service</source>
        <translation>售后服务</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Dispatch sheet {number}</source>
        <translation>派工单 {number}</translation>
    </message>
    <message>
        <source>Enter a number from {low} to {high}.</source>
        <translation>请输入 {low} 到 {high} 之间的数字。</translation>
    </message>
    <message>
        <source>Enter the shop name.</source>
        <translation>请输入本店名称。</translation>
    </message>
    <message>
        <source>The notice text is longer than {limit} characters.</source>
        <translation>通知内容超过 {limit} 个字符。</translation>
    </message>
    <message>
        <source>Line {line} is not a date: {value}. Write one date per line as yyyy-MM-dd.</source>
        <translation>第 {line} 行不是日期：{value}。请每行写一个日期，格式为 yyyy-MM-dd。</translation>
    </message>
    <message>
        <source>{value} is in the past; only today and later days can be changed.</source>
        <translation>{value} 已过去；只能更改今天及以后的日期。</translation>
    </message>
    <message>
        <source>{value} is both a holiday and a working day.</source>
        <translation>{value} 不能同时是节假日和上班日。</translation>
    </message>
    <message>
        <source>{name} could not be read: the file is damaged, empty or not really a spreadsheet. Open it in Excel or WPS and save it as an Excel workbook (.xlsx) or as CSV (.csv), then import that file.</source>
        <translation>无法读取 {name}：文件已损坏、为空或不是电子表格。请用 Excel 或 WPS 打开，另存为 Excel 工作簿（.xlsx）或 CSV（.csv），再导入该文件。</translation>
    </message>
    <message>
        <source>{name} is not a file the import can read. Open it in Excel or WPS and save it as an Excel workbook (.xlsx) or as CSV (.csv), then import that file.</source>
        <translation>{name} 不是可导入的文件格式。请用 Excel 或 WPS 打开，另存为 Excel 工作簿（.xlsx）或 CSV（.csv），再导入该文件。</translation>
    </message>
    <message>
        <source>{name} is a web page (HTML or XML) saved under a spreadsheet name. Open it in Excel or WPS and save it as an Excel workbook (.xlsx), then import that file.</source>
        <translation>{name} 实际上是以电子表格文件名保存的网页（HTML 或 XML）。请用 Excel 或 WPS 打开，另存为 Excel 工作簿（.xlsx），再导入该文件。</translation>
    </message>
    <message>
        <source>{name} is protected by a password. Open it in Excel or WPS, save a copy without the password as .xlsx, then import that copy.</source>
        <translation>{name} 受密码保护。请用 Excel 或 WPS 打开，另存一份不带密码的 .xlsx 副本，再导入该副本。</translation>
    </message>
    <message>
        <source>{name} is text in an encoding the import does not know (neither UTF-8 nor GBK). Open it in Excel or WPS and save it as an Excel workbook (.xlsx) or as &quot;CSV UTF-8&quot;, then import that file.</source>
        <translation>{name} 的文本编码无法识别（既不是 UTF-8 也不是 GBK）。请用 Excel 或 WPS 打开，另存为 Excel 工作簿（.xlsx）或“CSV UTF-8”，再导入该文件。</translation>
    </message>
    <message>
        <source>{name} could not be opened: it no longer exists, or it may not be read. Check the file and choose it again.</source>
        <translation>无法打开 {name}：文件已不存在或无权读取。请检查该文件后重新选择。</translation>
    </message>
    <message>
        <source>{what} was changed by {who} at {when} meanwhile. Reload it and apply your change again.</source>
        <translation>{what} 已于 {when} 被 {who} 修改。请重新加载后再次进行修改。</translation>
    </message>
    <message>
        <source>Up/Down to choose, Enter to take it, Esc to go back</source>
        <translation>按 ↑/↓ 键选择，Enter 确定，Esc 返回</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Looking up...</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>An unexpected error occurred; the details were written to {path}.</source>
        <translation>发生意外错误；详细信息已写入 {path}。</translation>
    </message>
    <message>
        <source>More than {limit} groups: group by a column with fewer values, or filter the list first.</source>
        <translation>分组超过 {limit} 个：请按取值较少的列分组，或先筛选列表。</translation>
    </message>
    <message>
        <source>Double-click a group (or press Enter) to see its rows.</source>
        <translation>双击某一分组（或按 Enter）查看其中的行。</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>分组依据</translation>
    </message>
    <message>
        <source>then by</source>
        <translation>再按</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>All columns</source>
        <translation>全字段</translation>
    </message>
    <message>
        <source>All rows (no filter)</source>
        <translation>全部行（未筛选）</translation>
    </message>
    <message>
        <source>Filtered by {filters}</source>
        <translation>筛选条件：{filters}</translation>
    </message>
    <message>
        <source>Purchase receipt</source>
        <translation>采购入库单</translation>
    </message>
    <message>
        <source>Other receipt</source>
        <translation>其他入库单</translation>
    </message>
    <message>
        <source>Other issue</source>
        <translation>其他出库单</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>调拨单</translation>
    </message>
    <message>
        <source>Scrap</source>
        <comment>kind of stock document</comment>
        <translation>报损单</translation>
    </message>
    <message>
        <source>Return to merchant</source>
        <translation>商返单</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>期初入库单</translation>
    </message>
    <message>
        <source>Stocktake adjustment</source>
        <translation>盘点调整单</translation>
    </message>
    <message>
        <source>Requisition</source>
        <translation>领料单</translation>
    </message>
    <message>
        <source>Stocktake</source>
        <translation>盘点单</translation>
    </message>
    <message>
        <source>Commission statement</source>
        <translation>提成工资单</translation>
    </message>
    <message>
        <source>{year}-{month}</source>
        <translation>{year}年{month}月</translation>
    </message>
    <message>
        <source>Payee</source>
        <translation>领款人</translation>
    </message>
    <message>
        <source>Pay scheme</source>
        <translation>薪酬方案</translation>
    </message>
    <message>
        <source>Commissions</source>
        <translation>提成</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>Penalties</source>
        <translation>罚款</translation>
    </message>
    <message>
        <source>Deductions</source>
        <translation>扣款</translation>
    </message>
    <message>
        <source>Adjustments</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>Total pay</source>
        <translation>应发合计</translation>
    </message>
    <message>
        <source>Item</source>
        <comment>a commission line&apos;s kind</comment>
        <translation>项目</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>分成</translation>
    </message>
    <message>
        <source>No commission lines this month.</source>
        <translation>本月没有提成明细。</translation>
    </message>
    <message>
        <source>{count} proposed line(s) waiting for approval are not included.</source>
        <translation>另有 {count} 条待审批的奖惩未计入。</translation>
    </message>
    <message>
        <source>Payee&apos;s signature</source>
        <translation>领款人签字</translation>
    </message>
    <message>
        <source>Checked by</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>grade factor ×{factor}</source>
        <translation>技术等级系数 ×{factor}</translation>
    </message>
    <message>
        <source>reverses a line of {month}</source>
        <translation>冲销 {month} 的一条明细</translation>
    </message>
    <message>
        <source>repair {repair} h, other {other} h; basic {basic} h, rated {rated} h</source>
        <translation>维修 {repair} 小时，其它 {other} 小时；基本 {basic} 小时，额定 {rated} 小时</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>Printed {time}</source>
        <translation>打印时间 {time}</translation>
    </message>
    <message>
        <source>Computed</source>
        <translation>计算时间</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <comment>a statement&apos;s time</comment>
        <translation>审核时间</translation>
    </message>
    <message>
        <source>Settled</source>
        <comment>a statement&apos;s time</comment>
        <translation>结算时间</translation>
    </message>
    <message>
        <source>Statements</source>
        <translation>提成工资单</translation>
    </message>
    <message>
        <source>Payee code</source>
        <translation>领款人编码</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Work type / item</source>
        <translation>维修工种/项目</translation>
    </message>
    <message>
        <source>Why is {number} changed? Saving posts a reversal and the changed document in one go.</source>
        <translation>为什么修改 {number}？保存时将一并过账一张冲销单和修改后的单据。</translation>
    </message>
    <message>
        <source>Why is {number} cancelled? A reversing document dated today is posted; the original stays as it is.</source>
        <translation>为什么作废 {number}？系统将过账一张日期为今天的冲销单；原单据保持不变。</translation>
    </message>
    <message>
        <source>Enter the reason for the cancel.</source>
        <translation>请填写作废原因。</translation>
    </message>
    <message>
        <source>Print labels</source>
        <translation>打印标签</translation>
    </message>
    <message>
        <source>Barcode labels for the parts on this document, one per unit</source>
        <translation>为本单据上的配件打印条码标签，每件一张</translation>
    </message>
    <message>
        <source>Slip paper</source>
        <translation>单据纸张</translation>
    </message>
    <message>
        <source>Part labels</source>
        <translation>配件标签</translation>
    </message>
    <message>
        <source>Filter: {text}</source>
        <translation>筛选：{text}</translation>
    </message>
    <message>
        <source>Only the first {count} rows are printed; export the list for all of them.</source>
        <translation>只打印前 {count} 行；如需全部，请导出列表。</translation>
    </message>
    <message>
        <source>Issue</source>
        <comment>requisition line</comment>
        <translation>领料</translation>
    </message>
    <message>
        <source>Return</source>
        <comment>requisition line</comment>
        <translation>退料</translation>
    </message>
    <message>
        <source>Old part removed</source>
        <translation>拆下旧件</translation>
    </message>
    <message>
        <source>Deleted</source>
        <comment>line state</comment>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Requisition slip</source>
        <translation>领料单</translation>
    </message>
    <message>
        <source>Slip no.</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <source>Parts total</source>
        <translation>配件合计</translation>
    </message>
    <message>
        <source>Fitted serial no.</source>
        <translation>新件序列号</translation>
    </message>
    <message>
        <source>Requisitioned by</source>
        <translation>领料人</translation>
    </message>
    <message>
        <source>Issued by (warehouse)</source>
        <translation>发料人（仓库）</translation>
    </message>
    <message>
        <source>Old parts go to</source>
        <translation>旧件去向</translation>
    </message>
    <message>
        <source>Ticket number (type or scan), then Enter</source>
        <translation>输入或扫描维修单号后按 Enter</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>open a record</comment>
        <translation>打开</translation>
    </message>
    <message>
        <source>Counting</source>
        <translation>盘点中</translation>
    </message>
    <message>
        <source>Not counted: book kept</source>
        <translation>未盘：保留账面数</translation>
    </message>
    <message>
        <source>Agrees with the book</source>
        <translation>账实相符</translation>
    </message>
    <message>
        <source>Adjusted</source>
        <translation>已调整</translation>
    </message>
    <message>
        <source>Moved during the count: decide</source>
        <translation>盘点期间有变动：待处理</translation>
    </message>
    <message>
        <source>Book kept</source>
        <translation>已保留账面数</translation>
    </message>
    <message>
        <source>Adjust to the count</source>
        <translation>按实盘数调整</translation>
    </message>
    <message>
        <source>Keep the book</source>
        <translation>保留账面数</translation>
    </message>
    <message>
        <source>Required: the warehouse&apos;s code or name, as the warehouse list shows it.</source>
        <translation>必填：仓库的编码或名称，与仓库列表中一致。</translation>
    </message>
    <message>
        <source>Required: the code of a product or part in the catalogue.</source>
        <translation>必填：产品资料中产品或配件的编码。</translation>
    </message>
    <message>
        <source>Optional, for reading only: the code decides the item.</source>
        <translation>选填，仅供阅读：以编码为准确定产品。</translation>
    </message>
    <message>
        <source>Required: more than 0, at most 2 decimals.</source>
        <translation>必填：大于 0，最多 2 位小数。</translation>
    </message>
    <message>
        <source>Required: the cost of one unit, not negative, at most 4 decimals. It becomes the item&apos;s average cost there.</source>
        <translation>必填：单位成本，不能为负数，最多 4 位小数。它将成为该产品在该仓库的平均成本。</translation>
    </message>
    <message>
        <source>No active warehouse has the code or name {value}.</source>
        <translation>没有编码或名称为 {value} 的启用仓库。</translation>
    </message>
    <message>
        <source>No product or part has the code {value}.</source>
        <translation>没有编码为 {value} 的产品或配件。</translation>
    </message>
    <message>
        <source>Item {code} in this warehouse is already on row {row}.</source>
        <translation>产品 {code} 在此仓库已在第 {row} 行出现。</translation>
    </message>
    <message>
        <source>The opening stock of {code} in this warehouse is posted already with other figures; cancel that opening document to post it again.</source>
        <translation>{code} 在此仓库的期初库存已按其他数字过账；如需重新过账，请先作废那张期初入库单。</translation>
    </message>
    <message>
        <source>{code} already has stock moves in this warehouse; opening stock is only for items without any.</source>
        <translation>{code} 在此仓库已有出入库记录；期初库存只能录入尚无出入库记录的产品。</translation>
    </message>
    <message>
        <source>Required: the code (or barcode) of a product or part.</source>
        <translation>必填：产品或配件的编码（或条码）。</translation>
    </message>
    <message>
        <source>Required: what is on the shelf, 0 or more, at most 2 decimals. It replaces the line&apos;s count.</source>
        <translation>必填：货架上的实际数量，0 或以上，最多 2 位小数。将替换该行的实盘数。</translation>
    </message>
    <message>
        <source>Opening stock import template</source>
        <translation>期初库存导入模板</translation>
    </message>
    <message>
        <source>opening stock template</source>
        <translation>期初库存模板</translation>
    </message>
    <message>
        <source>{rows} rows read: {new} to post, {done} posted already (skipped).</source>
        <translation>已读取 {rows} 行：{new} 行待过账，{done} 行已过账（跳过）。</translation>
    </message>
    <message>
        <source>Posted {documents} opening documents with {lines} lines; {skipped} rows were posted already.</source>
        <translation>已过账 {documents} 张期初入库单，共 {lines} 行；{skipped} 行此前已过账。</translation>
    </message>
    <message>
        <source>Opening stock records what each warehouse holds when the shop starts keeping stock here: one row per item and warehouse with its quantity and unit cost. It is posted as opening documents (QC), only for items without stock moves in that warehouse; importing the same workbook again adds nothing.</source>
        <translation>期初库存登记门店开始在本系统管理库存时各仓库的现有库存：每个产品和仓库一行，填写数量和单位成本。导入后过账为期初入库单（QC），只适用于在该仓库尚无出入库记录的产品；同一工作簿再次导入不会重复增加。</translation>
    </message>
    <message>
        <source>Import opening stock...</source>
        <translation>导入期初库存…</translation>
    </message>
    <message>
        <source>Post this stocktake now? Counted lines adjust the book at once; lines whose item moved during the count wait for your decision; lines not counted keep their book quantity.</source>
        <translation>要现在过账此盘点单吗？已盘的行立即按实盘数调整账面；盘点期间有出入库的行等待您处理；未盘的行保留账面数。</translation>
    </message>
    <message>
        <source>Cancel stocktake</source>
        <translation>作废盘点单</translation>
    </message>
    <message>
        <source>Cancel this stocktake? Nothing is posted; the counts stay for the record.</source>
        <translation>要作废此盘点单吗？不会过账任何库存变动；盘点数保留备查。</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>账面数</translation>
    </message>
    <message>
        <source>Moved since</source>
        <translation>期间变动</translation>
    </message>
    <message>
        <source>New stocktake</source>
        <translation>新建盘点单</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Category (with its subcategories)</source>
        <translation>类别（含子类别）</translation>
    </message>
    <message>
        <source>Each line records the book quantity now; stock may keep moving while you count.</source>
        <translation>每行记录当前的账面数；盘点期间库存仍可继续出入。</translation>
    </message>
    <message>
        <source>New stocktake...</source>
        <translation>新建盘点单…</translation>
    </message>
    <message>
        <source>Counts from Excel...</source>
        <translation>从 Excel 导入盘点数…</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>盘点单</translation>
    </message>
    <message>
        <source>{count} to decide</source>
        <translation>{count} 行待处理</translation>
    </message>
    <message>
        <source>{count} lines: the item moved during the count and the count disagrees with the book. Choose lines, then adjust the book to the count or keep the book.</source>
        <translation>{count} 行：盘点期间有出入库，且实盘数与账面数不符。请选择这些行，然后按实盘数调整账面，或保留账面数。</translation>
    </message>
    <message>
        <source>Choose a line that waits for a decision first.</source>
        <translation>请先选择待处理的行。</translation>
    </message>
    <message>
        <source>Decided. {count} lines still wait for a decision.</source>
        <translation>已处理。还有 {count} 行待处理。</translation>
    </message>
    <message>
        <source>Choose the workbook of counts</source>
        <translation>选择盘点数工作簿</translation>
    </message>
    <message>
        <source>Row {row}: {reason}</source>
        <translation>第 {row} 行：{reason}</translation>
    </message>
    <message>
        <source>Nothing was counted: {count} rows have errors.</source>
        <translation>未导入任何盘点数：{count} 行有错误。</translation>
    </message>
    <message>
        <source>Counts imported.</source>
        <translation>盘点数已导入。</translation>
    </message>
    <message>
        <source>Dated when posted</source>
        <translation>过账时填写</translation>
    </message>
    <message>
        <source>Job {job_id} does not exist or is not yours to see.</source>
        <translation>派工 {job_id} 不存在，或您无权查看。</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>After each on-site visit its technician stays booked for this long (travel to the next customer): a visit starting sooner is refused. Visits already booked keep the time they block.</source>
        <translation>每次上门后，服务工程师在这段时间内仍视为占用（赶往下一位客户的路途时间）：在此期间开始的预约会被拒绝。已有的预约保持原来的占用时段。</translation>
    </message>
    <message>
        <source>Travel buffer</source>
        <translation>路途缓冲</translation>
    </message>
    <message>
        <source>Changing it needs the capability “Change shop settings”.</source>
        <translation>修改此项需要“修改门店设置”权限。</translation>
    </message>
    <message>
        <source>Started</source>
        <comment>job state</comment>
        <translation>已开工</translation>
    </message>
    <message>
        <source>Finished</source>
        <comment>job state</comment>
        <translation>已完工</translation>
    </message>
    <message>
        <source>the result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>the hours worked</source>
        <translation>工时</translation>
    </message>
    <message>
        <source>the work done (at least one work type)</source>
        <translation>完成工种（至少一项）</translation>
    </message>
    <message>
        <source>Job started</source>
        <translation>开工</translation>
    </message>
    <message>
        <source>Work report saved</source>
        <translation>保存完工报告</translation>
    </message>
    <message>
        <source>Job finished</source>
        <translation>完工</translation>
    </message>
    <message>
        <source>Fixed amount per unit</source>
        <translation>每单位固定金额</translation>
    </message>
    <message>
        <source>% of the labour fee</source>
        <translation>人工费的百分比</translation>
    </message>
    <message>
        <source>% of the parts margin</source>
        <translation>零件毛利的百分比</translation>
    </message>
    <message>
        <source>Commission per job</source>
        <translation>按单提成</translation>
    </message>
    <message>
        <source>Hours scheme</source>
        <translation>工时方案</translation>
    </message>
    <message>
        <source>Post wage only</source>
        <translation>仅岗位工资</translation>
    </message>
    <message>
        <source>Repair hours</source>
        <translation>维修工时</translation>
    </message>
    <message>
        <source>Other hours</source>
        <translation>其它工时</translation>
    </message>
    <message>
        <source>Commission</source>
        <comment>commission line kind</comment>
        <translation>提成</translation>
    </message>
    <message>
        <source>Hours pay</source>
        <translation>绩效工资</translation>
    </message>
    <message>
        <source>Supervisor pay</source>
        <translation>主管绩效工资</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>Penalty</source>
        <translation>罚款</translation>
    </message>
    <message>
        <source>Overdue deduction</source>
        <translation>期限扣费</translation>
    </message>
    <message>
        <source>Rework charge-back</source>
        <translation>返修扣款</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <comment>commission line kind</comment>
        <translation>调整</translation>
    </message>
    <message>
        <source>Job reviewed</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Month run</source>
        <translation>月度计算</translation>
    </message>
    <message>
        <source>Late event</source>
        <translation>事后变更</translation>
    </message>
    <message>
        <source>Active</source>
        <comment>commission line state</comment>
        <translation>有效</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Rejected</source>
        <comment>commission line state</comment>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Job reopened after review</source>
        <translation>派工已反审核</translation>
    </message>
    <message>
        <source>Settlement refunded</source>
        <translation>结账已作废退款</translation>
    </message>
    <message>
        <source>Settled again after a refund</source>
        <translation>退款后重新结账</translation>
    </message>
    <message>
        <source>No commission rule for this work type</source>
        <translation>该维修工种没有提成规则</translation>
    </message>
    <message>
        <source>Survey with a low score</source>
        <translation>回访低分</translation>
    </message>
    <message>
        <source>Survey with a high score</source>
        <translation>回访高分</translation>
    </message>
    <message>
        <source>Complaint against the technician</source>
        <translation>投诉服务工程师</translation>
    </message>
    <message>
        <source>By hand only</source>
        <translation>仅手工登记</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>commission month state</comment>
        <translation>未结算</translation>
    </message>
    <message>
        <source>Settled</source>
        <comment>commission month state</comment>
        <translation>已结算</translation>
    </message>
    <message>
        <source>Draft</source>
        <comment>commission statement state</comment>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <comment>commission statement state</comment>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Settled</source>
        <comment>commission statement state</comment>
        <translation>已结算</translation>
    </message>
    <message>
        <source>Fixed amount</source>
        <comment>rework rule kind</comment>
        <translation>固定金额</translation>
    </message>
    <message>
        <source>% of the first job&apos;s commission</source>
        <translation>原派工提成的百分比</translation>
    </message>
    <message>
        <source>Assigned by override</source>
        <translation>强制指派</translation>
    </message>
    <message>
        <source>Print dispatch sheet</source>
        <translation>打印派工单</translation>
    </message>
    <message>
        <source>The selected job&apos;s dispatch sheet (派工单), to take to the customer</source>
        <translation>打印所选派工的派工单，上门时带给客户</translation>
    </message>
    <message>
        <source>Job: {what}</source>
        <translation>派工：{what}</translation>
    </message>
    <message>
        <source>Reassign {number}</source>
        <translation>改派 {number}</translation>
    </message>
    <message>
        <source>Assign {number}</source>
        <translation>派工 {number}</translation>
    </message>
    <message>
        <source>{outlet} (outlet)</source>
        <translation>{outlet}（网点）</translation>
    </message>
    <message>
        <source>(as the ticket says)</source>
        <translation>（按维修单）</translation>
    </message>
    <message>
        <source>Why the job goes to someone else</source>
        <translation>改派原因</translation>
    </message>
    <message>
        <source>Why this assignee all the same</source>
        <translation>强制指派原因</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>派工</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>派给</translation>
    </message>
    <message>
        <source>There is no active technician or service outlet to assign to.</source>
        <translation>没有已启用的服务工程师或服务网点可供派工。</translation>
    </message>
    <message>
        <source>Appointment {time}</source>
        <translation>预约 {time}</translation>
    </message>
    <message>
        <source>Now assigned to {name}</source>
        <translation>当前派给 {name}</translation>
    </message>
    <message>
        <source>{refusal}
Give a reason to assign all the same; it is recorded with the job.</source>
        <translation>{refusal}
如仍要指派，请填写原因；原因会随派工一起记录。</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>在手</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>All jobs</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未派工</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>当前待回访</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>全部未完成</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <source>All service modes</source>
        <translation>全部服务方式</translation>
    </message>
    <message>
        <source>All regions</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Ticket no., customer or phone</source>
        <translation>维修单号、客户或电话</translation>
    </message>
    <message>
        <source>On-site and carry-in</source>
        <translation>上门和送修</translation>
    </message>
    <message>
        <source>Ticket no., customer, address or fault</source>
        <translation>单号、客户、地址或故障</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>{total} open jobs, {unassigned} unassigned, {overdue} overdue</source>
        <translation>待办 {total} 单，未派工 {unassigned} 单，超期 {overdue} 单</translation>
    </message>
    <message>
        <source>(the first {shown} shown: narrow the filters)</source>
        <translation>（只显示前 {shown} 单：请缩小筛选范围）</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>Device and fault</source>
        <translation>机器和故障</translation>
    </message>
    <message>
        <source>{days} day(s) late</source>
        <translation>超期 {days} 天</translation>
    </message>
    <message>
        <source>Visit missed</source>
        <translation>错过预约</translation>
    </message>
    <message>
        <source>{region}  ({count} jobs, {unassigned} unassigned, {overdue} overdue)</source>
        <translation>{region}  （{count} 单，未派工 {unassigned}，超期 {overdue}）</translation>
    </message>
    <message>
        <source>No region</source>
        <translation>无区域</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Add photo...</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <source>JPEG or PNG, at most {count} photos of {size} MiB each; a photo is stored as soon as it is added.</source>
        <translation>JPEG 或 PNG 格式，最多 {count} 张，每张不超过 {size} MiB；照片一添加就会保存。</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png)</source>
        <translation>照片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>The file {name} cannot be read: {reason}</source>
        <translation>无法读取文件 {name}：{reason}</translation>
    </message>
    <message>
        <source>Service callback</source>
        <translation>服务回访</translation>
    </message>
    <message>
        <source>Installation callback</source>
        <translation>安装回访</translation>
    </message>
    <message>
        <source>Usage callback</source>
        <translation>使用回访</translation>
    </message>
    <message>
        <source>Dealer&apos;s list</source>
        <translation>商场客户档案</translation>
    </message>
    <message>
        <source>Pending</source>
        <comment>callback state</comment>
        <translation>待回访</translation>
    </message>
    <message>
        <source>In progress</source>
        <comment>callback state</comment>
        <translation>回访中</translation>
    </message>
    <message>
        <source>Done</source>
        <comment>callback state</comment>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>无法联系</translation>
    </message>
    <message>
        <source>Expired</source>
        <comment>callback state</comment>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <comment>callback state</comment>
        <translation>已取消</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>未接通</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙线</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <source>Call back later</source>
        <translation>约定回拨</translation>
    </message>
    <message>
        <source>Refused the survey</source>
        <translation>拒绝回访</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>已接通</translation>
    </message>
    <message>
        <source>Score 1-5</source>
        <translation>评分 1-5</translation>
    </message>
    <message>
        <source>Text answer</source>
        <translation>文字答复</translation>
    </message>
    <message>
        <source>Service attitude</source>
        <translation>服务态度</translation>
    </message>
    <message>
        <source>Timeliness</source>
        <translation>及时性</translation>
    </message>
    <message>
        <source>Repair quality</source>
        <translation>维修质量</translation>
    </message>
    <message>
        <source>Fair price</source>
        <translation>收费合理</translation>
    </message>
    <message>
        <source>Overall satisfaction</source>
        <translation>总体满意度</translation>
    </message>
    <message>
        <source>Assign an owner</source>
        <translation>指定处理人</translation>
    </message>
    <message>
        <source>Who handles the complaint from now on.</source>
        <translation>此后由谁处理该投诉。</translation>
    </message>
    <message>
        <source>The deadline&apos;s clock stops until the complaint is resumed.</source>
        <translation>处理期限暂停计时，直到恢复处理。</translation>
    </message>
    <message>
        <source>The note stays in the complaint&apos;s events.</source>
        <translation>备注将保存在投诉的处理记录中。</translation>
    </message>
    <message>
        <source>Resolve the complaint</source>
        <translation>解决投诉</translation>
    </message>
    <message>
        <source>What was done for the customer. The complaint is closed once the customer says whether they accept it.</source>
        <translation>为客户做了哪些处理。客户表态是否接受后，投诉即可关闭。</translation>
    </message>
    <message>
        <source>Close the complaint</source>
        <translation>关闭投诉</translation>
    </message>
    <message>
        <source>Did the customer accept the resolution? If not, the complaint is reopened instead.</source>
        <translation>客户是否接受处理结果？如不接受，投诉将重新打开。</translation>
    </message>
    <message>
        <source>Reopen the complaint</source>
        <translation>重新打开投诉</translation>
    </message>
    <message>
        <source>The complaint goes back to the open ones: say why.</source>
        <translation>该投诉将退回待处理：请说明原因。</translation>
    </message>
    <message>
        <source>Yes, the customer accepted it</source>
        <translation>是，客户已接受</translation>
    </message>
    <message>
        <source>No: reopen the complaint</source>
        <translation>否：重新打开投诉</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Customer accepted</source>
        <translation>客户已接受</translation>
    </message>
    <message>
        <source>Write the note.</source>
        <translation>请填写备注。</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Complaint no.</source>
        <translation>投诉单号</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>升级次数</translation>
    </message>
    <message>
        <source>Hours open</source>
        <translation>历时</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} 天 {hours} 小时</translation>
    </message>
    <message>
        <source>{state}, escalated ×{level}</source>
        <translation>{state}，已升级 {level} 次</translation>
    </message>
    <message>
        <source>{state}, overdue</source>
        <translation>{state}，已超期</translation>
    </message>
    <message>
        <source>{state}, customer accepted</source>
        <translation>{state}，客户已接受</translation>
    </message>
    <message>
        <source>{state}, customer did not accept</source>
        <translation>{state}，客户不接受</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Register a complaint...</source>
        <translation>登记投诉…</translation>
    </message>
    <message>
        <source>Log a call: {customer}</source>
        <translation>登记拨打：{customer}</translation>
    </message>
    <message>
        <source>{number} {customer} {phone}: attempt {attempt}</source>
        <translation>{number} {customer} {phone}：第 {attempt} 次拨打</translation>
    </message>
    <message>
        <source>Days after done</source>
        <translation>完工后天数</translation>
    </message>
    <message>
        <source>Open for days</source>
        <translation>可回访天数</translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation>考核维度</translation>
    </message>
    <message>
        <source>Failed calls before a task is unreachable</source>
        <translation>最多未接通次数（达到后视为无法联系）</translation>
    </message>
    <message>
        <source>Hours until a survey is frozen</source>
        <translation>回访单锁定前的小时数</translation>
    </message>
    <message>
        <source>A score at or below this opens a complaint (0: never)</source>
        <translation>评分不高于此值即自动生成投诉（0：从不）</translation>
    </message>
    <message>
        <source>Hours to the next deadline after an escalation</source>
        <translation>升级后新处理期限的小时数</translation>
    </message>
    <message>
        <source>Add a round</source>
        <translation>添加轮次</translation>
    </message>
    <message>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>A finished ticket is called back once per active round of its service mode: the task is due the given days after the ticket is done and stays open for the given days.</source>
        <translation>已完工的维修单按其服务方式的每个启用轮次各回访一次：回访任务在维修单完工后的指定天数到期，并在指定天数内保持可回访。</translation>
    </message>
    <message>
        <source>Add a question</source>
        <translation>添加问题</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Save questions</source>
        <translation>保存问题</translation>
    </message>
    <message>
        <source>The survey asks the active questions in this order. A question is never deleted (earlier surveys answered it): clear Active instead.</source>
        <translation>回访单按此顺序询问已启用的问题。问题不能删除（以前的回访单已回答过）：请改为取消“启用”。</translation>
    </message>
    <message>
        <source>Hours to resolve a {severity} complaint</source>
        <translation>“{severity}”投诉的处理时限（小时）</translation>
    </message>
    <message>
        <source>Save thresholds</source>
        <translation>保存阈值</translation>
    </message>
    <message>
        <source>Callback rules</source>
        <translation>回访规则</translation>
    </message>
    <message>
        <source>Survey questions</source>
        <translation>回访问题</translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>没有需要保存的内容。</translation>
    </message>
    <message>
        <source>{count} callback rules saved.</source>
        <translation>已保存 {count} 条回访规则。</translation>
    </message>
    <message>
        <source>What the clerk asks</source>
        <translation>回访员询问的内容</translation>
    </message>
    <message>
        <source>lower-case letters and _, e.g. tidiness</source>
        <translation>小写字母和下划线，例如 tidiness</translation>
    </message>
    <message>
        <source>Survey questions saved.</source>
        <translation>回访问题已保存。</translation>
    </message>
    <message>
        <source>Thresholds saved.</source>
        <translation>阈值已保存。</translation>
    </message>
    <message>
        <source>Last call at</source>
        <translation>最近拨打时间</translation>
    </message>
    <message>
        <source>No answer (Ctrl+1)</source>
        <translation>未接通（Ctrl+1）</translation>
    </message>
    <message>
        <source>Busy (Ctrl+2)</source>
        <translation>忙线（Ctrl+2）</translation>
    </message>
    <message>
        <source>Wrong number (Ctrl+3)</source>
        <translation>号码错误（Ctrl+3）</translation>
    </message>
    <message>
        <source>Call back later (Ctrl+4)</source>
        <translation>约定回拨（Ctrl+4）</translation>
    </message>
    <message>
        <source>Declined (Ctrl+5)</source>
        <translation>拒绝回访（Ctrl+5）</translation>
    </message>
    <message>
        <source>Survey... (Enter)</source>
        <translation>回访…（Enter）</translation>
    </message>
    <message>
        <source>Due now {due}, of which call-backs {call_back}, overdue {overdue}, due today {today}; upcoming {upcoming}</source>
        <translation>当前待回访 {due}，其中待回拨 {call_back}，已超期 {overdue}，今日到期 {today}；未到期 {upcoming}</translation>
    </message>
    <message>
        <source>(the first {shown} of {total} shown: narrow the filters)</source>
        <translation>（共 {total} 条，仅显示前 {shown} 条：请缩小筛选范围）</translation>
    </message>
    <message>
        <source>The task is closed.</source>
        <translation>该回访任务已结束。</translation>
    </message>
    <message>
        <source>{customer}: unreachable, the task is closed.</source>
        <translation>{customer}：无法联系，回访任务已结束。</translation>
    </message>
    <message>
        <source>{customer} declined the survey; the task is closed.</source>
        <translation>{customer} 拒绝回访；回访任务已结束。</translation>
    </message>
    <message>
        <source>{customer}: call back at {time}.</source>
        <translation>{customer}：约定 {time} 回拨。</translation>
    </message>
    <message>
        <source>{customer}: attempt {attempts} logged.</source>
        <translation>{customer}：已登记第 {attempts} 次拨打。</translation>
    </message>
    <message>
        <source>Survey of {customer} recorded; complaint {number} was opened.</source>
        <translation>{customer} 的回访单已登记；已生成投诉 {number}。</translation>
    </message>
    <message>
        <source>Survey of {customer} recorded.</source>
        <translation>{customer} 的回访单已登记。</translation>
    </message>
    <message>
        <source>{count} tasks exported to {path}.</source>
        <translation>已导出 {count} 个回访任务到 {path}。</translation>
    </message>
    <message>
        <source>Call back now</source>
        <translation>待回拨</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>{day} ({days} days overdue)</source>
        <translation>{day}（已超期 {days} 天）</translation>
    </message>
    <message>
        <source>Installation call</source>
        <translation>安装回访</translation>
    </message>
    <message>
        <source>Usage call</source>
        <translation>使用回访</translation>
    </message>
    <message>
        <source>is not a row of the list</source>
        <translation>不是名单中的行</translation>
    </message>
    <message>
        <source>is not text</source>
        <translation>不是文本</translation>
    </message>
    <message>
        <source>is too long</source>
        <translation>过长</translation>
    </message>
    <message>
        <source>is missing</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>is not a phone number (an 11-digit mobile, or a landline with its area code)</source>
        <translation>不是有效的电话号码（应为 11 位手机号，或带区号的固定电话）</translation>
    </message>
    <message>
        <source>is not a region of the shop</source>
        <translation>不是本店的区域</translation>
    </message>
    <message>
        <source>names more than one region of the shop</source>
        <translation>对应本店多个区域，无法确定</translation>
    </message>
    <message>
        <source>is not a date written as 2026-05-01</source>
        <translation>不是 2026-05-01 格式的日期</translation>
    </message>
    <message>
        <source>is in the future</source>
        <translation>晚于今天</translation>
    </message>
    <message>
        <source>must be from today to a year from today</source>
        <translation>须在今天到一年后之间</translation>
    </message>
    <message>
        <source>The store or dealer that sold the product; blank: the dealer chosen when importing.</source>
        <translation>售出该产品的商场或经销商；留空则为导入时选择的商场/经销商。</translation>
    </message>
    <message>
        <source>Required: an 11-digit mobile or a landline with its area code. A customer the shop knows by this number is not added again.</source>
        <translation>必填：11 位手机号或带区号的固定电话。本店已有该号码的客户不会重复添加。</translation>
    </message>
    <message>
        <source>A region of the shop, by its name (as the region list shows it).</source>
        <translation>本店的区域名称（与区域列表中的名称一致）。</translation>
    </message>
    <message>
        <source>Product, brand or model: at least one of them.</source>
        <translation>产品、品牌或型号：至少填写一项。</translation>
    </message>
    <message>
        <source>With a serial or a model the customer&apos;s device is recorded too.</source>
        <translation>填写了序列号或型号时，也会登记客户的机器。</translation>
    </message>
    <message>
        <source>A date (2026-05-01), not in the future. The call is due the callback rule&apos;s days after it.</source>
        <translation>日期（如 2026-05-01），不能晚于今天。回访在此日期后按回访规则的天数到期。</translation>
    </message>
    <message>
        <source>Optional: the day to call, from today to a year ahead.</source>
        <translation>选填：回访日期，须在今天到一年后之间。</translation>
    </message>
    <message>
        <source>Enter the product, its brand or its model.</source>
        <translation>请填写产品、品牌或型号。</translation>
    </message>
    <message>
        <source>A list takes at most {max} rows; import the rest as another list.</source>
        <translation>一份名单最多 {max} 行；其余的请作为另一份名单导入。</translation>
    </message>
    <message>
        <source>The shop has no region {value}; add it to the regions or correct the row.</source>
        <translation>本店没有区域 {value}；请先添加该区域，或更正该行。</translation>
    </message>
    <message>
        <source>The shop has more than one region {value}; leave the cell blank or rename one of them.</source>
        <translation>本店有多个名为 {value} 的区域；请将该单元格留空，或将其中一个区域改名。</translation>
    </message>
    <message>
        <source>Name the dealer in this row, or choose the list&apos;s dealer before importing.</source>
        <translation>请在该行填写商场/经销商，或在导入前选择名单所属的商场/经销商。</translation>
    </message>
    <message>
        <source>dealer customer list template</source>
        <translation>商场客户档案模板</translation>
    </message>
    <message>
        <source>Import a dealer&apos;s customer list</source>
        <translation>导入商场客户档案</translation>
    </message>
    <message>
        <source>For rows that name no dealer</source>
        <translation>用于未填写商场/经销商的行</translation>
    </message>
    <message>
        <source>Calls for</source>
        <translation>回访类型</translation>
    </message>
    <message>
        <source>{rows} rows read: {tasks} calls to {customers} customers.</source>
        <translation>已读取 {rows} 行：{customers} 位客户，{tasks} 个回访任务。</translation>
    </message>
    <message>
        <source>Imported: {tasks} callback tasks, {customers} new customers, {devices} devices; {skipped} rows were imported before.</source>
        <translation>导入完成：{tasks} 个回访任务，新增 {customers} 位客户，{devices} 台机器；{skipped} 行此前已导入。</translation>
    </message>
    <message>
        <source>A store or dealer that sells the products the shop services hands back its list of customers who bought (商场交回的客户档案). Imported here, each row becomes an installation or usage call in the callback due list; a customer the shop knows by the phone number is not added again, and importing the same list twice adds nothing.</source>
        <translation>销售本店所服务产品的商场或经销商会交回购机客户名单（商场交回的客户档案）。在此导入后，每一行都会成为回访任务列表中的一个安装回访或使用回访；本店已按电话号码登记过的客户不会重复添加，同一份名单导入两次也不会重复增加。</translation>
    </message>
    <message>
        <source>Import a dealer&apos;s list...</source>
        <translation>导入商场客户档案…</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>回访任务数</translation>
    </message>
    <message>
        <source>Imported by</source>
        <translation>导入人</translation>
    </message>
    <message>
        <source>Lists imported lately</source>
        <translation>最近导入的名单</translation>
    </message>
    <message>
        <source>Log an inquiry (F7)</source>
        <translation>咨询登记（F7）</translation>
    </message>
    <message>
        <source>New reward or penalty</source>
        <translation>登记奖惩</translation>
    </message>
    <message>
        <source>¥50.00 a reward, -¥50.00 a penalty</source>
        <translation>¥50.00 为奖励，-¥50.00 为罚款</translation>
    </message>
    <message>
        <source>What happened, for the technician and the manager</source>
        <translation>事由，供服务工程师和经理查看</translation>
    </message>
    <message>
        <source>WX20261201-0001 (optional)</source>
        <translation>WX20261201-0001（可不填）</translation>
    </message>
    <message>
        <source>Propose</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>A proposal counts once someone with the right to settle commissions, other than you, approves it.</source>
        <translation>登记的奖惩须由您以外有提成结算权限的人批准后才计入。</translation>
    </message>
    <message>
        <source>(none: type the amount)</source>
        <translation>（无：直接输入金额）</translation>
    </message>
    <message>
        <source>The ticket&apos;s job is reviewed: its shares can no longer change.</source>
        <translation>该维修单的派工已审核：分成不能再修改。</translation>
    </message>
    <message>
        <source>The ticket&apos;s job was unassigned; assign it first.</source>
        <translation>该维修单的派工已被撤回；请先派工。</translation>
    </message>
    <message>
        <source>The ticket has no job yet.</source>
        <translation>该维修单还没有派工。</translation>
    </message>
    <message>
        <source>The reward or penalty is proposed; it counts once it is approved.</source>
        <translation>奖惩已登记；批准后才计入。</translation>
    </message>
    <message>
        <source>Reward or penalty...</source>
        <translation>登记奖惩…</translation>
    </message>
    <message>
        <source>Shares...</source>
        <translation>分成…</translation>
    </message>
    <message>
        <source>Commission statements {month}</source>
        <translation>提成工资单 {month}</translation>
    </message>
    <message>
        <source>stale</source>
        <comment>a statement whose lines changed since its run</comment>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Run the month</source>
        <translation>计算本月</translation>
    </message>
    <message>
        <source>Settle the month...</source>
        <translation>结算本月…</translation>
    </message>
    <message>
        <source>Payee name or code (Ctrl+F)</source>
        <translation>领款人姓名或编码（Ctrl+F）</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>No statements for this month: run the month.</source>
        <translation>本月还没有提成单：请计算本月。</translation>
    </message>
    <message>
        <source>No statements for this month.</source>
        <translation>本月没有提成单。</translation>
    </message>
    <message>
        <source>Total: {count} payees</source>
        <translation>合计：{count} 人</translation>
    </message>
    <message>
        <source>run {at} by {by}</source>
        <translation>{by} 于 {at} 计算</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>尚未计算</translation>
    </message>
    <message>
        <source>settled {at} by {by}</source>
        <translation>{by} 于 {at} 结算</translation>
    </message>
    <message>
        <source>{count} stale statements: run the month again</source>
        <translation>{count} 张提成单已过期：请重新计算本月</translation>
    </message>
    <message>
        <source>Computing {month}…</source>
        <translation>正在计算 {month}…</translation>
    </message>
    <message>
        <source>Stopped after {done} of {parts} parts: run the month again to compute the rest.</source>
        <translation>已在完成 {done}/{parts} 部分后停止：请重新计算本月以完成其余部分。</translation>
    </message>
    <message>
        <source>The month is computed: {payees} payees, {changed} statements changed.</source>
        <translation>本月已计算：{payees} 人，{changed} 张提成单有变动。</translation>
    </message>
    <message>
        <source>Settle the month</source>
        <translation>结算本月</translation>
    </message>
    <message>
        <source>Settle the commissions of {month}: {count} statements, total {total}?
A settled month is locked: none of its lines or statements can change afterwards, later corrections go to the next month.</source>
        <translation>结算 {month} 的提成：{count} 张提成单，合计 {total}？
结算后该月份即锁定：其明细和提成单都不能再修改，之后的更正记入下个月。</translation>
    </message>
    <message>
        <source>{month} is settled: {count} statements, total {total}.</source>
        <translation>{month} 已结算：{count} 张提成单，合计 {total}。</translation>
    </message>
    <message>
        <source>Preparing the statements…</source>
        <translation>正在准备提成单…</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Total</source>
        <comment>commission statement</comment>
        <translation>合计</translation>
    </message>
    <message>
        <source>On probation: no hours pay</source>
        <translation>未转正：不计发绩效工资</translation>
    </message>
    <message>
        <source>No hours rule for this month</source>
        <translation>本月没有适用的工时方案</translation>
    </message>
    <message>
        <source>repair {repair} h, other {other} h, basic {basic} h, rated {rated} h</source>
        <translation>维修 {repair} 小时，其它 {other} 小时，基本 {basic} 小时，额定 {rated} 小时</translation>
    </message>
    <message>
        <source>{members} members, average pay {average}; department {assessed} h of {quota} h</source>
        <translation>{members} 人，平均绩效工资 {average}；部门考核工时 {assessed} 小时，工时定额 {quota} 小时</translation>
    </message>
    <message>
        <source>The lines changed after this statement was computed: run the month again before confirming it.</source>
        <translation>此提成单计算后明细有变动：审核前请重新计算本月。</translation>
    </message>
    <message>
        <source>Confirm (F9)</source>
        <translation>审核 (F9)</translation>
    </message>
    <message>
        <source>No statement chosen</source>
        <translation>未选择提成单</translation>
    </message>
    <message>
        <source>No statement for this month</source>
        <translation>本月没有提成单</translation>
    </message>
    <message>
        <source>Commission statement {payee} {month}</source>
        <translation>提成工资单 {payee} {month}</translation>
    </message>
    <message>
        <source>Not computed yet</source>
        <translation>尚未计算</translation>
    </message>
    <message>
        <source>computed {at}</source>
        <translation>计算于 {at}</translation>
    </message>
    <message>
        <source>confirmed by {by} {at}</source>
        <translation>{by} 于 {at} 审核</translation>
    </message>
    <message>
        <source>settled by {by} {at}</source>
        <translation>{by} 于 {at} 结算</translation>
    </message>
    <message>
        <source>Confirm the statement</source>
        <translation>审核提成单</translation>
    </message>
    <message>
        <source>Confirm the statement of {payee}, total {total}?</source>
        <translation>审核 {payee} 的提成单，合计 {total}？</translation>
    </message>
    <message>
        <source>Statement confirmed.</source>
        <translation>提成单已审核。</translation>
    </message>
    <message>
        <source>Statement reopened.</source>
        <translation>提成单已反审核。</translation>
    </message>
    <message>
        <source>New grade factor</source>
        <translation>新建技术等级系数</translation>
    </message>
    <message>
        <source>Each commission is multiplied by the technician&apos;s grade factor (a grade as the staff page gives it). A grade not listed here counts 1.000.</source>
        <translation>每笔提成都乘以服务工程师的技术等级系数（等级以员工资料为准）。未列出的等级按 1.000 计。</translation>
    </message>
    <message>
        <source>the grade factor</source>
        <translation>该技术等级系数</translation>
    </message>
    <message>
        <source>Grade {grade}</source>
        <translation>技术等级 {grade}</translation>
    </message>
    <message>
        <source>New hours scheme</source>
        <translation>新建工时方案</translation>
    </message>
    <message>
        <source>Pay per hour, basic to rated hours</source>
        <translation>基本至额定工时每小时绩效</translation>
    </message>
    <message>
        <source>Supervisor threshold (% of the quota)</source>
        <translation>主管考核达标比例（占工时定额 %）</translation>
    </message>
    <message>
        <source>For technicians on the hours scheme. Assessed hours = repair hours + other hours x the weight. Nothing is paid on probation or up to the basic hours; from the basic to the rated hours each hour pays the first rate, each hour above the rated hours the second. A supervisor gets the factor x the average pay of the department&apos;s members when their assessed hours reach the threshold % of their rated hours.</source>
        <translation>适用于按工时方案计发的服务工程师。考核工时 = 维修工时 + 其它工时 × 折算系数。未转正或考核工时不超过基本工时时不计发绩效工资；基本工时至额定工时之间每小时按第一项标准计发，超过额定工时的每小时按第二项标准计发。部门考核工时达到额定工时合计的达标比例时，维修主管的绩效工资为本部门人员平均绩效工资乘以主管倍数。</translation>
    </message>
    <message>
        <source>Hours scheme from {day}</source>
        <translation>工时方案（自 {day} 起）</translation>
    </message>
</context>
</TS>
