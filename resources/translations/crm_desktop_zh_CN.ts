<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Membership cards and customer files</source>
        <translation>会员卡与客户档案</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Data file:</source>
        <translation>数据文件：</translation>
    </message>
    <message>
        <source>Backups:</source>
        <translation>备份文件夹：</translation>
    </message>
    <message>
        <source>Everything is in the data file. Copy it, or a backup, to keep the shop&apos;s records safe.</source>
        <translation>所有资料都在这个数据文件里。复制它或它的备份，就能保管好店里的记录。</translation>
    </message>
    <message>
        <source>Libraries included and their licenses:</source>
        <translation>随程序附带的软件库及其许可证：</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>软件库</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
</context>
<context>
    <name>AddStaffDialog</name>
    <message>
        <source>Add a staff account</source>
        <translation>添加员工账号</translation>
    </message>
    <message>
        <source>e.g. xiaoli</source>
        <translation>例如 xiaoli</translation>
    </message>
    <message>
        <source>At least 6 characters. The new user signs in with it at once.</source>
        <translation>至少 6 个字符。新员工可立即用它登录。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name shown</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
</context>
<context>
    <name>ApprovalMenu</name>
    <message>
        <source>Approval at the counter…</source>
        <translation>柜台授权…</translation>
    </message>
    <message>
        <source>Approval rules saved.</source>
        <translation>授权设置已保存。</translation>
    </message>
</context>
<context>
    <name>ApprovalPrompt</name>
    <message>
        <source>Approval by an owner or manager</source>
        <translation>店主或经理授权</translation>
    </message>
    <message>
        <source>Typed by the approver</source>
        <translation>由批准人本人输入</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Approver</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>ApprovalSettingsDialog</name>
    <message>
        <source>Approval at the counter</source>
        <translation>柜台授权</translation>
    </message>
    <message>
        <source>A ticked action done by a clerk goes through only once an owner or a named manager approves it with their own password, in the same dialog. Owners and named managers need no approval for their own actions.</source>
        <translation>店员办理勾选的业务时，须由店主或指定的经理在同一窗口输入本人密码批准后才能完成。店主和指定的经理办理的业务无需批准。</translation>
    </message>
    <message>
        <source>Discount limit</source>
        <translation>折扣限额</translation>
    </message>
    <message>
        <source>Managers who may approve</source>
        <translation>可批准的经理</translation>
    </message>
    <message>
        <source>The saved rules were changed outside the program, so every action needs an owner&apos;s approval until you save the rules again.</source>
        <translation>保存的授权设置在本程序之外被改动过，因此在您重新保存之前，每项业务都需要店主批准。</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>All users</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <source>Any record</source>
        <translation>全部对象</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>any day</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save every entry matching the filters as an Excel workbook</source>
        <translation>把符合筛选条件的所有记录保存为 Excel 工作簿</translation>
    </message>
    <message>
        <source>Undo merge</source>
        <translation>撤销合并</translation>
    </message>
    <message>
        <source>Separate the two customers of the selected merge again</source>
        <translation>把所选合并的两位客户重新分开</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>To see one record, choose its kind and type its number (digits).</source>
        <translation>要查看单条记录，请先选择对象类型，再输入编号（数字）。</translation>
    </message>
    <message>
        <source>audit-log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>导出操作日志</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exported %1 entries to %2</source>
        <translation>已导出 %1 条记录到 %2</translation>
    </message>
    <message>
        <source>Showing the latest %1 entries; narrow the filters to see older ones.</source>
        <translation>只显示最近 %1 条；缩小筛选范围可查看更早的记录。</translation>
    </message>
    <message>
        <source>%1 entries.</source>
        <translation>共 %1 条。</translation>
    </message>
    <message>
        <source>Undo the merge of %1 into %2? Both customers get back their own cards, history and details as before the merge.</source>
        <translation>撤销把 %1 并入 %2 的合并吗？两位客户将各自取回合并前的会员卡、记录和资料。</translation>
    </message>
    <message>
        <source>Merge undone: #%1 and #%2 are separate customers again (audit entry %3).</source>
        <translation>已撤销合并：#%1 和 #%2 重新成为两位客户（操作日志第 %3 条）。</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Undo the last restore</source>
        <translation>撤销上次恢复</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Backups (*%1)</source>
        <translation>备份文件 (*%1)</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <source>Backup made: %1</source>
        <translation>备份已完成：%1</translation>
    </message>
    <message>
        <source>Backup made</source>
        <translation>备份已完成</translation>
    </message>
    <message>
        <source>The backup was made and checked:
%1

%2</source>
        <translation>备份已完成并通过校验：
%1

%2</translation>
    </message>
    <message>
        <source>The backup was cancelled.</source>
        <translation>备份已取消。</translation>
    </message>
    <message>
        <source>Replace the current file by this backup?</source>
        <translation>要用这个备份替换当前的数据文件吗？</translation>
    </message>
    <message>
        <source>Everything entered after the backup was made is replaced. Passwords and the recovery key become those of that time. A safety copy of the current file is kept; “Undo the last restore” puts it back. The program then closes: start it again and sign in.</source>
        <translation>备份之后录入的所有内容都会被替换。密码和恢复密钥将变回备份时的样子。当前文件会先保存一份安全副本，可用“撤销上次恢复”找回。恢复后程序会关闭，请重新启动并登录。</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>This backup comes from another shop file (“%1”, %2), not from this shop&apos;s file. Restoring it replaces this shop&apos;s data by the other shop&apos;s.</source>
        <translation>这个备份来自另一个店铺文件（“%1”，%2），不是本店数据文件的备份。恢复后，本店的数据会被另一家店的数据替换。</translation>
    </message>
    <message>
        <source>Go on with another shop&apos;s backup?</source>
        <translation>仍然用另一个店铺的备份恢复吗？</translation>
    </message>
    <message>
        <source>Another shop&apos;s backup</source>
        <translation>另一个店铺的备份</translation>
    </message>
    <message>
        <source>There is no restore to undo: the safety copy kept before it was not found.</source>
        <translation>没有可以撤销的恢复：找不到恢复前保存的安全副本。</translation>
    </message>
    <message>
        <source>Put back the file as it was before the last restore?</source>
        <translation>要把数据文件还原为上次恢复之前的样子吗？</translation>
    </message>
    <message>
        <source>The current state is kept as a safety copy, so this can be undone again. The program then closes: start it again and sign in.</source>
        <translation>当前状态会保存为安全副本，因此这一步也可以再撤销。之后程序会关闭，请重新启动并登录。</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>正在恢复</translation>
    </message>
    <message>
        <source>The backup was put in place: %1</source>
        <translation>已恢复备份：%1</translation>
    </message>
    <message>
        <source>The file as it was before is kept in %1.</source>
        <translation>恢复前的文件已保存在 %1。</translation>
    </message>
    <message>
        <source>The program closes now. Start it again and sign in with the passwords of the time of the backup.</source>
        <translation>程序现在关闭。请重新启动，并用备份时的密码登录。</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>恢复完成</translation>
    </message>
    <message>
        <source>The shop file was closed. The program closes now; start it again.</source>
        <translation>数据文件已关闭。程序现在关闭，请重新启动。</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Copying the shop file…</source>
        <translation>正在复制数据文件…</translation>
    </message>
    <message>
        <source>Checking the copy…</source>
        <translation>正在校验备份…</translation>
    </message>
    <message>
        <source>Putting the backup in place…</source>
        <translation>正在放回备份…</translation>
    </message>
</context>
<context>
    <name>BackupMenu</name>
    <message>
        <source>The backup was put in place: %1</source>
        <translation>已恢复备份：%1</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>恢复完成</translation>
    </message>
    <message>
        <source>Customers erased earlier could not be erased again: %1</source>
        <translation>之前已删除的客户未能重新删除：%1</translation>
    </message>
    <message>
        <source>%1 customer(s) whose personal details had been erased were back in this file (a backup from before the erasure was restored). They have been erased again.</source>
        <translation>有 %1 位已删除个人信息的客户又出现在这个文件中（恢复了删除之前的备份）。已重新删除他们的个人信息。</translation>
    </message>
    <message>
        <source>%1 customer(s) whose personal details had been erased are back in this file (a backup from before the erasure was restored). They are erased again when the owner signs in; until then, do not use their details.</source>
        <translation>有 %1 位已删除个人信息的客户又出现在这个文件中（恢复了删除之前的备份）。店主登录后会重新删除；在此之前请不要使用他们的资料。</translation>
    </message>
    <message>
        <source>Erased customers came back</source>
        <translation>已删除的客户又出现了</translation>
    </message>
    <message>
        <source>Check the computer&apos;s clock</source>
        <translation>请检查电脑时间</translation>
    </message>
    <message>
        <source>The daily backup could not be made: %1</source>
        <translation>每日自动备份未能完成：%1</translation>
    </message>
    <message>
        <source>Backing up before closing…</source>
        <translation>关闭前正在备份…</translation>
    </message>
    <message>
        <source>The backup on closing could not be made: %1</source>
        <translation>关闭时的备份未能完成：%1</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Sign in with the passwords of the time of the backup.</source>
        <translation>请用备份时的密码登录。</translation>
    </message>
</context>
<context>
    <name>BackupOwnerDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>The shop file cannot be opened. Restore its newest good backup?</source>
        <translation>数据文件无法打开。要从最近一份完好的备份恢复吗？</translation>
    </message>
    <message>
        <source>The damaged file is kept unchanged as a safety copy. Passwords become those of the time of the backup.</source>
        <translation>损坏的文件会原样保存为安全副本。密码将变回备份时的密码。</translation>
    </message>
    <message>
        <source>Only an owner may restore. Sign in with an owner&apos;s user name and password of the time of the backup.</source>
        <translation>只有店主可以恢复。请输入备份时店主的用户名和密码。</translation>
    </message>
    <message>
        <source>Owner&apos;s user name</source>
        <translation>店主用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Type the owner&apos;s user name.</source>
        <translation>请输入店主用户名。</translation>
    </message>
    <message>
        <source>Type the password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>CancelCardDialog</name>
    <message>
        <source>Cancel card %1</source>
        <translation>退卡 %1</translation>
    </message>
    <message>
        <source>Cancel the card</source>
        <translation>确认退卡</translation>
    </message>
    <message>
        <source>Why the card is cancelled (required)</source>
        <translation>退卡原因（必填）</translation>
    </message>
    <message>
        <source>Pay back by</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>退卡前余额</translation>
    </message>
    <message>
        <source>Paid back (paid money)</source>
        <translation>退还本金</translation>
    </message>
    <message>
        <source>Bonus forfeited</source>
        <translation>作废赠送金额</translation>
    </message>
    <message>
        <source>Points cleared</source>
        <translation>清零积分</translation>
    </message>
    <message>
        <source>Visits cleared</source>
        <translation>清零次数</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>退卡后余额</translation>
    </message>
    <message>
        <source>Card cancelled. Pay the customer %1 by %2.</source>
        <translation>已退卡。请用%2退给客户 %1。</translation>
    </message>
</context>
<context>
    <name>CardActionDialog</name>
    <message>
        <source>No card</source>
        <extracomment>Whether the action takes the card&apos;s payment PIN (asked only when the card has one).</extracomment>
        <translation>无会员卡</translation>
    </message>
    <message>
        <source>6 digits, typed by the customer</source>
        <translation>6 位数字，由客户输入</translation>
    </message>
    <message>
        <source>Payment PIN</source>
        <translation>支付密码</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CardActions</name>
    <message>
        <source>Top up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>消费</translation>
    </message>
    <message>
        <source>Redeem points</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <source>Use a visit</source>
        <translation>扣次</translation>
    </message>
    <message>
        <source>Freeze / unfreeze</source>
        <translation>冻结/解冻</translation>
    </message>
    <message>
        <source>Report lost / found</source>
        <translation>挂失/解挂</translation>
    </message>
    <message>
        <source>Replace card</source>
        <translation>补卡</translation>
    </message>
    <message>
        <source>Change tier</source>
        <translation>调整等级</translation>
    </message>
    <message>
        <source>Payment PIN</source>
        <translation>支付密码</translation>
    </message>
    <message>
        <source>Cancel card and refund</source>
        <translation>退卡退款</translation>
    </message>
    <message>
        <source>This customer has no card yet; issue one first (F2).</source>
        <translation>该客户还没有会员卡，请先办卡（F2）。</translation>
    </message>
    <message>
        <source>%1 is not possible on card %2 as it is now.</source>
        <translation>卡 %2 当前状态下不能%1。</translation>
    </message>
</context>
<context>
    <name>CardText</name>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <source>Reported lost</source>
        <translation>已挂失</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>已补换</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Stored value</source>
        <translation>储值卡</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分卡</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>次卡</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期限卡</translation>
    </message>
    <message>
        <source>Mixed</source>
        <translation>综合卡</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>办卡</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>消费</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <source>Visit used</source>
        <translation>扣次</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Card cancelled</source>
        <translation>退卡</translation>
    </message>
    <message>
        <source>Balance %1 (paid %2 + bonus %3)</source>
        <translation>余额 %1（本金 %2 + 赠送 %3）</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 积分</translation>
    </message>
    <message>
        <source>%1 visits left</source>
        <translation>剩余 %1 次</translation>
    </message>
</context>
<context>
    <name>CardTypeDialog</name>
    <message>
        <source>New card type</source>
        <translation>新建卡种</translation>
    </message>
    <message>
        <source>Edit card type</source>
        <translation>修改卡种</translation>
    </message>
    <message>
        <source>e.g. Stored-value card</source>
        <translation>例如 储值卡</translation>
    </message>
    <message>
        <source>never expires</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>e.g. Car wash</source>
        <translation>例如 洗车</translation>
    </message>
    <message>
        <source>On sale (new cards can be issued)</source>
        <translation>在售（可以办理新卡）</translation>
    </message>
    <message>
        <source>Top-up of (yuan)</source>
        <translation>充值金额（元）</translation>
    </message>
    <message>
        <source>Bonus given (yuan)</source>
        <translation>赠送金额（元）</translation>
    </message>
    <message>
        <source>Add a rule</source>
        <translation>添加一条</translation>
    </message>
    <message>
        <source>Remove the chosen rule</source>
        <translation>删除所选规则</translation>
    </message>
    <message>
        <source>A top-up gets the bonus of the highest rule it reaches, once.</source>
        <translation>一次充值按达到的最高一档赠送，只送一次。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation>售价（元）</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Visits included</source>
        <translation>包含次数</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>Top-up bonus</source>
        <translation>充值赠送</translation>
    </message>
    <message>
        <source>Bonus rule %1: %2</source>
        <translation>第 %1 条赠送规则：%2</translation>
    </message>
</context>
<context>
    <name>CardTypes</name>
    <message>
        <source>Stored value</source>
        <translation>储值卡</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Visits (count card)</source>
        <translation>次卡</translation>
    </message>
    <message>
        <source>Period (month/year card)</source>
        <translation>期限卡（月卡/年卡）</translation>
    </message>
    <message>
        <source>Mixed</source>
        <translation>综合卡</translation>
    </message>
    <message>
        <source>pay %1, get %2</source>
        <translation>充%1送%2</translation>
    </message>
</context>
<context>
    <name>CardTypesView</name>
    <message>
        <source>What the shop sells. A card type with cards issued keeps its kind; take it off sale instead of deleting it.</source>
        <translation>店里出售的卡种。已办过卡的卡种不能改类型；不再出售时请设为停售，而不是删除。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation>售价（元）</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Top-up bonus</source>
        <translation>充值赠送</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>New card type…</source>
        <translation>新建卡种…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Show those off sale</source>
        <translation>显示已停售</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>never expires</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <source>on sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>off sale</source>
        <translation>停售</translation>
    </message>
    <message>
        <source>Choose a card type in the list first.</source>
        <translation>请先在列表中选择一个卡种。</translation>
    </message>
    <message>
        <source>Card type %1 saved.</source>
        <translation>卡种“%1”已保存。</translation>
    </message>
</context>
<context>
    <name>CardsTab</name>
    <message>
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>卡种</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Paid money</source>
        <translation>本金</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送金额</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Visits left</source>
        <translation>剩余次数</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CareView</name>
    <message>
        <source>Birthdays today</source>
        <translation>今天生日</translation>
    </message>
    <message>
        <source>Birthdays this week</source>
        <translation>本周生日</translation>
    </message>
    <message>
        <source>Birthdays this month</source>
        <translation>本月生日</translation>
    </message>
    <message>
        <source>Holidays ahead</source>
        <translation>近期节日</translation>
    </message>
    <message>
        <source>Follow-ups due</source>
        <translation>到期回访</translation>
    </message>
    <message>
        <source>Cards expiring within 30 days</source>
        <translation>30 天内到期的卡</translation>
    </message>
    <message>
        <source>Stored value under ¥50</source>
        <translation>储值余额不足 ¥50</translation>
    </message>
    <message>
        <source>Churn warnings</source>
        <translation>流失预警</translation>
    </message>
    <message>
        <source>Fields: %1</source>
        <translation>可用字段：%1</translation>
    </message>
    <message>
        <source>Fill messages</source>
        <translation>生成短信</translation>
    </message>
    <message>
        <source>Default template</source>
        <translation>恢复默认模板</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制短信</translation>
    </message>
    <message>
        <source>Export list…</source>
        <translation>导出名单…</translation>
    </message>
    <message>
        <source>Export full phone and ID numbers (logged in the audit log)</source>
        <translation>导出完整的电话和证件号码（会记入操作日志）</translation>
    </message>
    <message>
        <source>Off: numbers are masked as on screen (138****5678). On: the file holds full numbers and the export is recorded in the audit log.</source>
        <translation>不勾选：号码和屏幕上一样部分隐藏（如 138****5678）。勾选：文件中是完整号码，这次导出会记入操作日志。</translation>
    </message>
    <message>
        <source>Mark as contacted</source>
        <translation>标记为已联系</translation>
    </message>
    <message>
        <source>List</source>
        <translation>名单</translation>
    </message>
    <message>
        <source>Message language</source>
        <translation>短信语言</translation>
    </message>
    <message>
        <source>Greeting template</source>
        <translation>祝福短信模板</translation>
    </message>
    <message>
        <source>Choose a customer first.</source>
        <translation>请先选中一位客户。</translation>
    </message>
    <message>
        <source>Message copied.</source>
        <translation>短信已复制。</translation>
    </message>
    <message>
        <source>Saved %1 messages to %2</source>
        <translation>已把 %1 条短信保存到 %2</translation>
    </message>
    <message>
        <source>(full phone and ID numbers; logged in the audit log)</source>
        <translation>（含完整的电话和证件号码，已记入操作日志）</translation>
    </message>
    <message>
        <source>Choose the customers you contacted first.</source>
        <translation>请先选中已联系的客户。</translation>
    </message>
    <message>
        <source>Contact logged for %1 customers.</source>
        <translation>已为 %1 位客户记录联系。</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>节日</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>还有几天</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Why listed</source>
        <translation>关怀原因</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>短信内容</translation>
    </message>
    <message>
        <source>No one on this list.</source>
        <translation>名单上没有客户。</translation>
    </message>
    <message>
        <source>Holidays in the next 60 days, for planning.</source>
        <translation>未来 60 天内的节日，供提前安排。</translation>
    </message>
    <message>
        <source>(lunar)</source>
        <translation>（农历）</translation>
    </message>
    <message>
        <source>turns %1</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <source>due %1, %2 days overdue</source>
        <translation>应于 %1 回访，已逾期 %2 天</translation>
    </message>
    <message>
        <source>card %1 expires %2</source>
        <translation>卡 %1 于 %2 到期</translation>
    </message>
    <message>
        <source>card %1 has ¥%2 left</source>
        <translation>卡 %1 余额 ¥%2</translation>
    </message>
    <message>
        <source>Export list</source>
        <translation>导出名单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>ChangeKeyDialog</name>
    <message>
        <source>Change the database key</source>
        <translation>更换数据库密钥</translation>
    </message>
    <message>
        <source>Change the key</source>
        <translation>更换密钥</translation>
    </message>
    <message>
        <source>Use this when a member of staff has left, or when a password or the recovery key may have been seen by someone else, and a copy of the key file may be out there. Remove the leaver&apos;s account first.</source>
        <translation>员工离职，或者密码、恢复密钥可能被别人看到，而外面可能留有密钥文件的副本时，请使用此功能。请先删除离职员工的账号。</translation>
    </message>
    <message>
        <source>The shop file gets a new key, handed to every remaining account: everyone keeps their password. An old copy of the key file then opens nothing, with any password.</source>
        <translation>数据文件会换上新密钥，并交给每个保留的账号：大家的密码都不变。旧的密钥文件副本从此用任何密码都打不开。</translation>
    </message>
    <message>
        <source>A backup is made first. Backups, including that one, stay under the old key: whoever must lose access should not keep a copy of one.</source>
        <translation>更换前会先做一次备份。备份（包括这一次）仍使用旧密钥：要失去访问权限的人不应持有任何备份副本。</translation>
    </message>
    <message>
        <source>Also make a new recovery key (the old one stops working)</source>
        <translation>同时生成新的恢复密钥（旧的恢复密钥将失效）</translation>
    </message>
    <message>
        <source>Changing the key… Do not close the program.</source>
        <translation>正在更换密钥… 请不要关闭程序。</translation>
    </message>
    <message>
        <source>The old recovery key no longer works. This new key is shown only now: write it on paper and keep it somewhere safe.</source>
        <translation>旧的恢复密钥已经失效。新密钥只显示这一次：请抄在纸上，放在安全的地方。</translation>
    </message>
    <message>
        <source>The database key was changed. %1 account(s) can still sign in: %2.</source>
        <translation>数据库密钥已更换。仍可登录的账号共 %1 个：%2。</translation>
    </message>
    <message>
        <source>Entries in the key file that no owner signed were dropped and got no new key: %1.</source>
        <translation>密钥文件中没有店主签名的登录项已删除，没有拿到新密钥：%1。</translation>
    </message>
    <message>
        <source>A backup was made first, under the old key: %1</source>
        <translation>更换前已做备份（使用旧密钥）：%1</translation>
    </message>
    <message>
        <source>The recovery key was not changed; it still works.</source>
        <translation>恢复密钥没有更换，仍然有效。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Account: %1</source>
        <translation>账号：%1</translation>
    </message>
    <message>
        <source>At least 6 characters. Use it from the next sign-in and unlock.</source>
        <translation>至少 6 个字符。下次登录和解锁时使用新密码。</translation>
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
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Type your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
</context>
<context>
    <name>ChangeTierDialog</name>
    <message>
        <source>Change the tier of card %1</source>
        <translation>调整卡 %1 的等级</translation>
    </message>
    <message>
        <source>Change tier</source>
        <translation>调整等级</translation>
    </message>
    <message>
        <source>No tier</source>
        <translation>无等级</translation>
    </message>
    <message>
        <source>%1 (pays %2%)</source>
        <translation>%1（付原价 %2%）</translation>
    </message>
    <message>
        <source>Why the tier changes (required)</source>
        <translation>调整原因（必填）</translation>
    </message>
    <message>
        <source>New tier</source>
        <translation>新等级</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Card %1 is now in tier %2.</source>
        <translation>卡 %1 的等级现为：%2。</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <source>All provinces</source>
        <translation>全部省份</translation>
    </message>
    <message>
        <source>Any gender</source>
        <translation>不限性别</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Pick a chart and press Show.</source>
        <translation>选一张图表，然后点“查询”。</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
        <source>Drawing…</source>
        <translation>正在绘制…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Dashboard (main charts)</source>
        <translation>经营概览（主要图表）</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>导出 PNG</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>PDF file (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>文件没有保存：%1</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>Close shift (handover)</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Reading the shift…</source>
        <translation>正在读取本班数据…</translation>
    </message>
    <message>
        <source>Cash counted in the drawer, in yuan</source>
        <translation>钱箱里实点的现金（元）</translation>
    </message>
    <message>
        <source>Why the cash differs, what was handed over</source>
        <translation>现金不符的原因、交接事项</translation>
    </message>
    <message>
        <source>Per payment method</source>
        <translation>按支付方式</translation>
    </message>
    <message>
        <source>Per kind</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Cash counted (yuan)</source>
        <translation>实点现金（元）</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Print handover slip</source>
        <translation>打印交班小票</translation>
    </message>
    <message>
        <source>%1&apos;s shift, opened %2 with a float of %3; %4 transactions so far.</source>
        <translation>%1 的班次，%2 开班，备用金 %3；目前共 %4 笔交易。</translation>
    </message>
    <message>
        <source>%1 over</source>
        <translation>长款 %1</translation>
    </message>
    <message>
        <source>%1 short</source>
        <translation>短款 %1</translation>
    </message>
    <message>
        <source>Tallies: %1</source>
        <translation>相符：%1</translation>
    </message>
    <message>
        <source>Shift closed. Difference %1 recorded.</source>
        <translation>已交班，差额 %1 已记录。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Shift handover</source>
        <translation>交班小票</translation>
    </message>
</context>
<context>
    <name>CompletenessView</name>
    <message>
        <source>Profiles that lack facts the shop counts, the most valuable customers first (stored balance plus spending in the last 12 months): fill these in first.</source>
        <translation>资料不全的客户，价值高的排在前面（储值余额加近 12 个月消费）：请先补全这些客户的资料。</translation>
    </message>
    <message>
        <source>Most valuable first</source>
        <translation>价值高的在前</translation>
    </message>
    <message>
        <source>Largest stored balance first</source>
        <translation>储值余额多的在前</translation>
    </message>
    <message>
        <source>Most spent in 12 months first</source>
        <translation>近 12 个月消费多的在前</translation>
    </message>
    <message>
        <source>Least complete first</source>
        <translation>资料最不全的在前</translation>
    </message>
    <message>
        <source>Missing anything</source>
        <translation>缺任意一项</translation>
    </message>
    <message>
        <source>Rank again</source>
        <translation>重新排序</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Ranking the profiles…</source>
        <translation>正在排序…</translation>
    </message>
    <message>
        <source>%1 of %2 active customers have an incomplete profile; on average profiles are %3% complete.</source>
        <translation>%2 位在册客户中有 %1 位资料不全；平均资料完整度 %3%。</translation>
    </message>
    <message>
        <source>%1 active customers lack this.</source>
        <translation>有 %1 位在册客户缺这一项。</translation>
    </message>
    <message>
        <source>Missing: %1</source>
        <translation>缺：%1</translation>
    </message>
</context>
<context>
    <name>ConsentHistoryDialog</name>
    <message>
        <source>Consent history of %1</source>
        <translation>%1 的营销同意记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>同意情况</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>No marketing consent was ever recorded.</source>
        <translation>从未记录过营销同意。</translation>
    </message>
    <message>
        <source>The customer agrees to marketing messages now.</source>
        <translation>客户目前同意接收营销信息。</translation>
    </message>
    <message>
        <source>The customer does not agree to marketing messages now.</source>
        <translation>客户目前不同意接收营销信息。</translation>
    </message>
</context>
<context>
    <name>ConsumeDialog</name>
    <message>
        <source>Purchase on card %1</source>
        <translation>卡 %1 消费</translation>
    </message>
    <message>
        <source>Book purchase</source>
        <translation>确认消费</translation>
    </message>
    <message>
        <source>List price in yuan, before discount</source>
        <translation>原价（元），打折前</translation>
    </message>
    <message>
        <source>What was bought (optional)</source>
        <translation>购买内容（选填）</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>no tier</source>
        <translation>无等级</translation>
    </message>
    <message>
        <source>List price</source>
        <translation>原价</translation>
    </message>
    <message>
        <source>Discount (%1, pays %2%)</source>
        <translation>折扣（%1，付原价 %2%）</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>应付</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>获得积分</translation>
    </message>
    <message>
        <source>Visits used</source>
        <translation>扣除次数</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>消费前余额</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>消费后余额</translation>
    </message>
    <message>
        <source>The balance does not cover this; choose another way to pay.</source>
        <translation>余额不足，请选择其他支付方式。</translation>
    </message>
    <message>
        <source>Booked %1 (discount %2), %3 points. Balance now %4.</source>
        <translation>已消费 %1（优惠 %2），积分 %3。当前余额 %4。</translation>
    </message>
</context>
<context>
    <name>CounterText</name>
    <message>
        <source>Top-ups</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Sales not paid from a card</source>
        <translation>消费（非卡付）</translation>
    </message>
    <message>
        <source>Cards sold</source>
        <translation>售卡</translation>
    </message>
    <message>
        <source>Card fees</source>
        <translation>工本费</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Cash paid out on cancellations</source>
        <translation>退卡退现</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>In</source>
        <translation>收入</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>支出</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>笔数</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Shift handover</source>
        <translation>交班小票</translation>
    </message>
    <message>
        <source>Clerk: %1</source>
        <translation>收银员：%1</translation>
    </message>
    <message>
        <source>Opened: %1</source>
        <translation>开班：%1</translation>
    </message>
    <message>
        <source>Closed: %1</source>
        <translation>交班：%1</translation>
    </message>
    <message>
        <source>Transactions: %1</source>
        <translation>交易笔数：%1</translation>
    </message>
    <message>
        <source>%1: in %2, out %3</source>
        <translation>%1：收 %2，付 %3</translation>
    </message>
    <message>
        <source>Float: %1</source>
        <translation>备用金：%1</translation>
    </message>
    <message>
        <source>Expected cash: %1</source>
        <translation>应有现金：%1</translation>
    </message>
    <message>
        <source>Cash counted: %1</source>
        <translation>实点现金：%1</translation>
    </message>
    <message>
        <source>Difference: %1</source>
        <translation>差额：%1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Signature: ____________</source>
        <translation>签字：____________</translation>
    </message>
</context>
<context>
    <name>CustomerActions</name>
    <message>
        <source>Issue a card…</source>
        <translation>办卡…</translation>
    </message>
    <message>
        <source>Log a contact…</source>
        <translation>记录联系…</translation>
    </message>
    <message>
        <source>Record a complaint or feedback…</source>
        <translation>登记投诉或反馈…</translation>
    </message>
    <message>
        <source>Open a customer first: scan the card or search for them.</source>
        <translation>请先打开客户：刷卡或搜索客户。</translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show the full number; each show is logged</source>
        <translation>显示完整号码；每次显示都会记入操作日志</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Type a whole new number instead of the masked one</source>
        <translation>重新输入完整号码，替换打码显示的号码</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Second phone</source>
        <translation>备用电话</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Lunar calendar birthday</source>
        <translation>农历生日</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Member since</source>
        <translation>入会日期</translation>
    </message>
    <message>
        <source>Only the owner may correct the member-since date.</source>
        <translation>入会日期只有店主可以更正。</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区/县</translation>
    </message>
    <message>
        <source>Street address</source>
        <translation>详细地址</translation>
    </message>
    <message>
        <source>Customer kind and source</source>
        <translation>客户类型与来源</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司名称</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation>进店</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>转介绍</translation>
    </message>
    <message>
        <source>Questionnaire</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation>介绍人</translation>
    </message>
    <message>
        <source>Phone or card number of the member</source>
        <translation>介绍人的手机号或卡号</translation>
    </message>
    <message>
        <source>Cares most about</source>
        <translation>最看重</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Interests, separated by commas</source>
        <translation>兴趣爱好，用逗号分隔</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Contact permission</source>
        <translation>联系许可</translation>
    </message>
    <message>
        <source>Agrees to receive offers and greetings</source>
        <translation>同意接收优惠和祝福信息</translation>
    </message>
    <message>
        <source>Agreed via</source>
        <translation>同意方式</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>当面</translation>
    </message>
    <message>
        <source>Paper form</source>
        <translation>纸质表格</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Do not contact</source>
        <translation>请勿联系</translation>
    </message>
    <message>
        <source>Opened %1 by %2</source>
        <translation>%1 由 %2 建档</translation>
    </message>
    <message>
        <source>last changed %1 by %2</source>
        <translation>%1 由 %2 最后修改</translation>
    </message>
    <message>
        <source>consent given %1</source>
        <translation>%1 同意接收信息</translation>
    </message>
    <message>
        <source>No member has this phone or card number.</source>
        <translation>没有会员使用这个手机号或卡号。</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>未保存：请改正标红的内容。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>CustomerListModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>Anonymised</source>
        <translation>已匿名</translation>
    </message>
    <message>
        <source>card in use</source>
        <translation>卡正常使用</translation>
    </message>
    <message>
        <source>card frozen</source>
        <translation>卡已冻结</translation>
    </message>
    <message>
        <source>card reported lost</source>
        <translation>卡已挂失</translation>
    </message>
    <message>
        <source>card replaced</source>
        <translation>卡已补换</translation>
    </message>
    <message>
        <source>card cancelled</source>
        <translation>卡已注销</translation>
    </message>
    <message>
        <source>card expired</source>
        <translation>卡已过期</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Existing customer</source>
        <translation>已有客户</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Phone, name, pinyin initials or card number</source>
        <translation>手机号、姓名、拼音首字母或卡号</translation>
    </message>
    <message>
        <source>No customer chosen yet</source>
        <translation>尚未选择客户</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Use this customer</source>
        <translation>就用这位客户</translation>
    </message>
    <message>
        <source>Open their file</source>
        <translation>打开其档案</translation>
    </message>
    <message>
        <source>Card for: %1</source>
        <translation>持卡人：%1</translation>
    </message>
    <message>
        <source>Nobody found; choose New customer to add them.</source>
        <translation>没有找到，请选择“新客户”添加。</translation>
    </message>
    <message>
        <source>This phone is already on file for %1.</source>
        <translation>这个手机号已登记在 %1 名下。</translation>
    </message>
</context>
<context>
    <name>CustomerSearchPanel</name>
    <message>
        <source>Card or phone digits, a name, or pinyin (zs)</source>
        <translation>卡号或手机号、姓名、拼音首字母（如 zs）</translation>
    </message>
    <message>
        <source>Scan a card, or type a card number or its last digits, a phone number, a name or pinyin initials (zs)</source>
        <translation>刷卡，或输入卡号（或卡号末几位）、手机号、姓名、拼音首字母（如 zs）</translation>
    </message>
    <message>
        <source>Active customers</source>
        <translation>正常客户</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>Anonymised</source>
        <translation>已匿名</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>By name</source>
        <translation>按姓名</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新在前</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>最早在前</translation>
    </message>
    <message>
        <source>Card %1: %2</source>
        <translation>卡号 %1：%2</translation>
    </message>
    <message>
        <source>No customer or card matches “%1”.</source>
        <translation>没有找到与“%1”相符的客户或会员卡。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>No customer matches “%1”.</source>
        <translation>没有与“%1”相符的客户。</translation>
    </message>
    <message>
        <source>%1 customers</source>
        <translation>共 %1 位客户</translation>
    </message>
</context>
<context>
    <name>DayEndView</name>
    <message>
        <source>Close day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Reopen day…</source>
        <translation>重新打开营业日…</translation>
    </message>
    <message>
        <source>Export for the accountant…</source>
        <translation>导出给会计…</translation>
    </message>
    <message>
        <source>Close the selected shift…</source>
        <translation>替未交班的店员交班…</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开班时间</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>交班时间</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>In</source>
        <translation>收入</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>支出</translation>
    </message>
    <message>
        <source>Cash difference</source>
        <translation>现金差额</translation>
    </message>
    <message>
        <source>By payment method</source>
        <translation>按支付方式</translation>
    </message>
    <message>
        <source>Business day</source>
        <translation>营业日</translation>
    </message>
    <message>
        <source>Per clerk</source>
        <translation>按收银员</translation>
    </message>
    <message>
        <source>Per payment method</source>
        <translation>按支付方式</translation>
    </message>
    <message>
        <source>Booked with no shift open</source>
        <translation>未开班时记的账</translation>
    </message>
    <message>
        <source>Card balances (liability)</source>
        <translation>卡内余额（负债）</translation>
    </message>
    <message>
        <source>still open</source>
        <translation>尚未交班</translation>
    </message>
    <message>
        <source>Start of day %1, paid onto cards %2, used or paid back %3, end of day %4.</source>
        <translation>日初 %1，存入 %2，消费或退还 %3，日终 %4。</translation>
    </message>
    <message>
        <source>Cash differences of the day: %1</source>
        <translation>当日现金差额：%1</translation>
    </message>
    <message>
        <source>Closed by %1 at %2.</source>
        <translation>已由 %1 于 %2 日结。</translation>
    </message>
    <message>
        <source>Reopened: %1</source>
        <translation>已重新打开：%1</translation>
    </message>
    <message>
        <source>Not closed yet.</source>
        <translation>尚未日结。</translation>
    </message>
    <message>
        <source>%1 shift(s) still open.</source>
        <translation>还有 %1 个班次未交班。</translation>
    </message>
    <message>
        <source>The day is closed.</source>
        <translation>已日结。</translation>
    </message>
    <message>
        <source>The day is open again.</source>
        <translation>营业日已重新打开。</translation>
    </message>
    <message>
        <source>day-end-%1.xlsx</source>
        <translation>日结-%1.xlsx</translation>
    </message>
    <message>
        <source>Export the day for the accountant</source>
        <translation>导出日结给会计</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>已取消导出，没有写入文件。</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
</context>
<context>
    <name>DuplicatesMenu</name>
    <message>
        <source>Likely duplicates…</source>
        <translation>疑似重复客户…</translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message>
        <source>Customers who may be one person registered twice: the same phone or ID number, the same name with the same birthday or a phone one digit off, a name written another way. Mark a pair that is two people, or merge it. Double-click a customer to open the profile.</source>
        <translation>可能是同一个人登记了两次的客户：电话或身份证号相同，姓名相同且生日相同或电话只差一位，或姓名写法不同。确是两个人的请标记“不是同一人”，是同一人的请合并。双击客户可打开其档案。</translation>
    </message>
    <message>
        <source>Find duplicates</source>
        <translation>查找重复</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>不是同一人</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>合并…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>List the last pair marked as two people again</source>
        <translation>重新列出刚才标记为“不是同一人”的一对</translation>
    </message>
    <message>
        <source>Reading the customers</source>
        <translation>正在读取客户资料</translation>
    </message>
    <message>
        <source>Preparing names and numbers</source>
        <translation>正在整理姓名和号码</translation>
    </message>
    <message>
        <source>Comparing phone and ID numbers</source>
        <translation>正在比对电话和身份证号</translation>
    </message>
    <message>
        <source>Comparing names and birthdays</source>
        <translation>正在比对姓名和生日</translation>
    </message>
    <message>
        <source>Comparing numbers under each name</source>
        <translation>正在比对同名客户的号码</translation>
    </message>
    <message>
        <source>Weighing the pairs</source>
        <translation>正在评估疑似重复</translation>
    </message>
    <message>
        <source>Finding duplicates</source>
        <translation>查找重复客户</translation>
    </message>
    <message>
        <source>No likely duplicates among %1 customers.</source>
        <translation>在 %1 位客户中没有发现疑似重复。</translation>
    </message>
    <message>
        <source>%1 likely duplicate pairs among %2 customers.</source>
        <translation>在 %2 位客户中发现 %1 对疑似重复。</translation>
    </message>
    <message>
        <source>The %1 most likely are listed.</source>
        <translation>列出了最可能的 %1 对。</translation>
    </message>
    <message>
        <source>Merging is not available in this version.</source>
        <translation>此版本无法合并客户。</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>生日 %1</translation>
    </message>
    <message>
        <source>member since %1</source>
        <translation>入会 %1</translation>
    </message>
    <message>
        <source>%1 active cards, %2 purchases</source>
        <translation>%1 张有效卡，%2 次消费</translation>
    </message>
    <message>
        <source>membership ended</source>
        <translation>已终止会员</translation>
    </message>
    <message>
        <source>Noted: #%1 and #%2 are not the same person; they will not be listed again.</source>
        <translation>已记下：#%1 和 #%2 不是同一人，以后不再列出。</translation>
    </message>
    <message>
        <source>#%1 and #%2 are listed again.</source>
        <translation>#%1 和 #%2 已重新列出。</translation>
    </message>
    <message>
        <source>Customers on this list were changed; their pairs were taken off. Find duplicates again to bring the list up to date.</source>
        <translation>列表中有客户的资料被修改，相关的配对已移出列表。请重新查找以更新列表。</translation>
    </message>
</context>
<context>
    <name>EngagementWords</name>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Praise</source>
        <translation>表扬</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>到店</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮件</translation>
    </message>
</context>
<context>
    <name>EraseDialog</name>
    <message>
        <source>Erase personal details</source>
        <translation>删除个人信息</translation>
    </message>
    <message>
        <source>e.g. the customer asked in person</source>
        <translation>例如：客户本人到店要求</translation>
    </message>
    <message>
        <source>The reason stays in the audit log for good: do not write the customer&apos;s name, phone or ID number in it.</source>
        <translation>原因会永久保存在操作日志里：请不要写客户的姓名、电话或身份证号。</translation>
    </message>
    <message>
        <source>I understand the erased details cannot be brought back</source>
        <translation>我明白删除的信息无法恢复</translation>
    </message>
    <message>
        <source>Erasing… this can take a few seconds on a large file.</source>
        <translation>正在删除… 数据量大时需要几秒钟。</translation>
    </message>
    <message>
        <source>Erase for good</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Customer #%1: %2</source>
        <translation>客户 #%1：%2</translation>
    </message>
    <message>
        <source>%1 customers: %2</source>
        <translation>%1 位客户：%2</translation>
    </message>
    <message>
        <source>Erased for good: the name (it becomes &quot;Anonymised customer&quot; with the number), phone numbers, ID number, e-mail, address, birthday, company, notes and tags, and what was written in contacts, feedback and surveys.</source>
        <translation>将永久删除：姓名（改为“已匿名客户”加编号）、电话、身份证号、电子邮箱、地址、生日、单位、备注和标签，以及联系记录、反馈和问卷中填写的内容。</translation>
    </message>
    <message>
        <source>Kept: the cards, the stored value, points and visits ledgers and the purchases, with their amounts, so the books still add up.</source>
        <translation>保留：会员卡、储值、积分和次数流水以及消费记录，金额不变，账目依然平衡。</translation>
    </message>
    <message>
        <source>This cannot be undone. Backups made before today still hold the old details until they are deleted.</source>
        <translation>此操作无法撤销。今天之前做的备份仍含有旧信息，直到这些备份被删除。</translation>
    </message>
    <message>
        <source>The personal details of customer #%1 are erased; the money ledger is kept.</source>
        <translation>客户 #%1 的个人信息已删除；资金流水已保留。</translation>
    </message>
    <message>
        <source>The personal details of %1 customers are erased; the money ledger is kept.</source>
        <translation>%1 位客户的个人信息已删除；资金流水已保留。</translation>
    </message>
    <message>
        <source>The old data leaves the file when it is closed.</source>
        <translation>旧数据会在关闭文件时从文件中清除。</translation>
    </message>
</context>
<context>
    <name>ExcelScreens</name>
    <message>
        <source>Import from a spreadsheet…</source>
        <translation>从表格导入…</translation>
    </message>
    <message>
        <source>Import finished: %1 added, %2 updated.</source>
        <translation>导入完成：新增 %1，更新 %2。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>起始日期：</translation>
    </message>
    <message>
        <source>To (included):</source>
        <translation>截止日期（含）：</translation>
    </message>
    <message>
        <source>At the end of:</source>
        <translation>截至当日：</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <source>Export full phone and ID numbers (logged in the audit log)</source>
        <translation>导出完整的电话和证件号码（会记入操作日志）</translation>
    </message>
    <message>
        <source>Off: numbers are masked as on screen (138****5678). On: the file holds full numbers and the export is recorded in the audit log.</source>
        <translation>不勾选：号码和屏幕上一样部分隐藏（如 138****5678）。勾选：文件中是完整号码，这次导出会记入操作日志。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose where to save the workbook.</source>
        <translation>请选择工作簿的保存位置。</translation>
    </message>
    <message>
        <source>The folder does not exist: %1</source>
        <translation>文件夹不存在：%1</translation>
    </message>
    <message>
        <source>The start of the period is after its end.</source>
        <translation>起始日期晚于截止日期。</translation>
    </message>
</context>
<context>
    <name>ExportMenu</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Customers…</source>
        <translation>客户名单…</translation>
    </message>
    <message>
        <source>Purchases…</source>
        <translation>消费记录…</translation>
    </message>
    <message>
        <source>Stored-value ledger for a period…</source>
        <translation>储值流水（按期间）…</translation>
    </message>
    <message>
        <source>Stored-value liability at a date…</source>
        <translation>预收款余额（截至某日）…</translation>
    </message>
    <message>
        <source>Monthly roll-forward…</source>
        <translation>月度结转…</translation>
    </message>
    <message>
        <source>Takings by payment method…</source>
        <translation>收款汇总（按支付方式）…</translation>
    </message>
    <message>
        <source>Points outstanding…</source>
        <translation>积分余额…</translation>
    </message>
    <message>
        <source>The customers the search list shows now (its search and filters).</source>
        <translation>导出搜索列表当前显示的客户（按当前搜索和筛选）。</translation>
    </message>
    <message>
        <source>Every active customer.</source>
        <translation>导出全部在档客户。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，没有生成文件。</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
        <source>(full phone and ID numbers; logged in the audit log)</source>
        <translation>（含完整的电话和证件号码，已记入操作日志）</translation>
    </message>
</context>
<context>
    <name>FeedbackTab</name>
    <message>
        <source>Opened</source>
        <translation>登记时间</translation>
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
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Record feedback…</source>
        <translation>登记反馈…</translation>
    </message>
    <message>
        <source>Move along…</source>
        <translation>更新状态…</translation>
    </message>
    <message>
        <source>%1 still open</source>
        <translation>%1 条未办结</translation>
    </message>
    <message>
        <source>Select the feedback to move first.</source>
        <translation>请先选择要更新状态的反馈。</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Stored value</source>
        <translation>已存的值</translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Unusual: </source>
        <translation>不太常见：</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>The shop file is missing</source>
        <translation>找不到数据文件</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Welcome — first start</source>
        <translation>欢迎使用 — 首次设置</translation>
    </message>
    <message>
        <source>Where is the shop file?</source>
        <translation>数据文件在哪里？</translation>
    </message>
    <message>
        <source>Shop files (*.crm)</source>
        <translation>数据文件 (*.crm)</translation>
    </message>
    <message>
        <source>Server connection (*.crmserver)</source>
        <translation>服务器连接文件 (*.crmserver)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>The shop file is back in place. Press “Sign in”.</source>
        <translation>数据文件已放回原处。请按“登录”。</translation>
    </message>
    <message>
        <source>Connecting to the server…</source>
        <translation>正在连接服务器…</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <source>The backup was put in place: %1

Sign in with the passwords of the time of the backup. The key file that was here is kept as %2: should the missing data file turn up, it opens with that one.</source>
        <translation>备份已恢复：%1

请用备份时的密码登录。原来在这里的密钥文件已另存为 %2：如果丢失的数据文件找回来了，可以用它打开。</translation>
    </message>
</context>
<context>
    <name>FreezeDialog</name>
    <message>
        <source>Unfreeze card %1</source>
        <translation>解冻卡 %1</translation>
    </message>
    <message>
        <source>Freeze card %1</source>
        <translation>冻结卡 %1</translation>
    </message>
    <message>
        <source>Unfreeze</source>
        <translation>解冻</translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Why (optional)</source>
        <translation>原因（选填）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>共 %1 条变更</translation>
    </message>
    <message>
        <source>card %1</source>
        <translation>卡 %1</translation>
    </message>
    <message>
        <source>customer file</source>
        <translation>客户档案</translation>
    </message>
    <message>
        <source>File opened</source>
        <translation>建档</translation>
    </message>
    <message>
        <source>File edited</source>
        <translation>修改档案</translation>
    </message>
    <message>
        <source>Tags changed</source>
        <translation>修改标签</translation>
    </message>
    <message>
        <source>Membership ended</source>
        <translation>注销会员</translation>
    </message>
    <message>
        <source>Membership reopened</source>
        <translation>恢复会员</translation>
    </message>
    <message>
        <source>Card issued</source>
        <translation>办卡</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>消费</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <source>Visit used</source>
        <translation>扣次</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Unfrozen</source>
        <translation>解冻</translation>
    </message>
    <message>
        <source>Reported lost</source>
        <translation>挂失</translation>
    </message>
    <message>
        <source>Found again</source>
        <translation>解除挂失</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>补卡</translation>
    </message>
    <message>
        <source>Tier changed</source>
        <translation>调整等级</translation>
    </message>
    <message>
        <source>PIN changed</source>
        <translation>修改支付密码</translation>
    </message>
    <message>
        <source>Card cancelled</source>
        <translation>退卡</translation>
    </message>
    <message>
        <source>paid money</source>
        <translation>本金</translation>
    </message>
    <message>
        <source>bonus</source>
        <translation>赠送金额</translation>
    </message>
    <message>
        <source>points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>支付密码</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>实付</translation>
    </message>
    <message>
        <source>paid by</source>
        <translation>支付方式</translation>
    </message>
</context>
<context>
    <name>ImportFilePage</name>
    <message>
        <source>Choose the spreadsheet to import (.xlsx, .xls, .csv or .ods). Nothing is written until you have seen the preview and pressed Import.</source>
        <translation>选择要导入的表格文件（.xlsx、.xls、.csv 或 .ods）。先看预览，按“导入”之后才会写入数据。</translation>
    </message>
    <message>
        <source>The file to import</source>
        <translation>要导入的文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Customers (member list)</source>
        <translation>客户（会员名单）</translation>
    </message>
    <message>
        <source>Purchases (history)</source>
        <translation>消费记录（历史）</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>The file holds:</source>
        <translation>文件内容：</translation>
    </message>
    <message>
        <source>Column mapping:</source>
        <translation>字段对应：</translation>
    </message>
    <message>
        <source>Choose a spreadsheet</source>
        <translation>选择表格文件</translation>
    </message>
    <message>
        <source>Spreadsheets (%1)</source>
        <translation>表格文件 (%1)</translation>
    </message>
    <message>
        <source>Recognise the headers</source>
        <translation>自动识别表头</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已存方案：%1</translation>
    </message>
</context>
<context>
    <name>ImportFindings</name>
    <message>
        <source>Sheet row</source>
        <translation>表格行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Name in the file</source>
        <translation>文件中的姓名</translation>
    </message>
    <message>
        <source>These rows are right except for values a customer may go without (a birthday, an email, an ID number…). Import them without those values, flagged for correction on the profile, or leave the rows out.</source>
        <translation>这些行只有可以不填的项有错（生日、邮箱、身份证号等）。可以不导入这些错误的值而导入这一行（档案上标记为待更正），也可以不导入这一行。</translation>
    </message>
    <message>
        <source>Wrong values</source>
        <translation>错误的值</translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation>您的选择</translation>
    </message>
    <message>
        <source>Do not import the row</source>
        <translation>不导入这一行</translation>
    </message>
    <message>
        <source>Import without the wrong values, flagged for correction</source>
        <translation>导入这一行，错误的值不导入，标记为待更正</translation>
    </message>
    <message>
        <source>The text of these cells looks damaged (?? where characters were, unknown symbols, garbled characters): the file may have been saved in another encoding. Best: save it from the old system as UTF-8 and import again.</source>
        <translation>这些格子里的文字像是已经损坏（字变成了 ??、出现不认识的符号或乱码）：文件可能是用别的编码保存的。最好在原系统里另存为 UTF-8 后重新导入。</translation>
    </message>
    <message>
        <source>Text in the file</source>
        <translation>文件中的文字</translation>
    </message>
    <message>
        <source>Skip the row</source>
        <translation>跳过这一行</translation>
    </message>
    <message>
        <source>Leave the field empty, flagged for correction</source>
        <translation>该项留空，标记为待更正</translation>
    </message>
    <message>
        <source>Import the text as it is</source>
        <translation>照原样导入</translation>
    </message>
    <message>
        <source>These rows look like a customer already on file, though no phone, card or ID number is the same. Say for each whether it is a new customer.</source>
        <translation>这些行看起来像本店已有的客户，但手机号、卡号和身份证号都不相同。请逐行确认是不是新客户。</translation>
    </message>
    <message>
        <source>Customer on file</source>
        <translation>本店客户</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>Import as a new customer</source>
        <translation>作为新客户导入</translation>
    </message>
    <message>
        <source>It is this customer</source>
        <translation>就是这位客户</translation>
    </message>
    <message>
        <source>These rows are customers already on file, found by the key shown. Nothing on file is overwritten unless you chose so on the previous page; what a row has that the customer lacks can be added.</source>
        <translation>这些行是本店已有的客户，按所示的依据找到。除非您在上一页选择了覆盖，档案里的资料不会被改写；文件里有而档案里没有的资料可以补充进去。</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>匹配依据</translation>
    </message>
    <message>
        <source>New in the file</source>
        <translation>文件中的新资料</translation>
    </message>
    <message>
        <source>Different on file</source>
        <translation>与档案不同</translation>
    </message>
    <message>
        <source>Leave as on file</source>
        <translation>保持档案不变</translation>
    </message>
    <message>
        <source>Add what is new (empty fields only)</source>
        <translation>补充新资料（只填空白项）</translation>
    </message>
    <message>
        <source>Refused (%1)</source>
        <translation>拒绝（%1）</translation>
    </message>
    <message>
        <source>Wrong optional values (%1)</source>
        <translation>可选项有误（%1）</translation>
    </message>
    <message>
        <source>Damaged text (%1)</source>
        <translation>文字损坏（%1）</translation>
    </message>
    <message>
        <source>Possible duplicates (%1)</source>
        <translation>疑似重复（%1）</translation>
    </message>
    <message>
        <source>Already on file (%1)</source>
        <translation>已在档（%1）</translation>
    </message>
    <message>
        <source>Import it and flag the name for correction</source>
        <translation>照原样导入，姓名标记为待更正</translation>
    </message>
    <message>
        <source>likely the same person (your answer)</source>
        <translation>很可能是同一人（您的选择）</translation>
    </message>
    <message>
        <source>Fill empty fields</source>
        <translation>补充空白项</translation>
    </message>
    <message>
        <source>Overwrite from the file</source>
        <translation>用文件覆盖</translation>
    </message>
    <message>
        <source>Nothing new</source>
        <translation>没有新资料</translation>
    </message>
</context>
<context>
    <name>ImportMappingPage</name>
    <message>
        <source>Header on row:</source>
        <translation>表头所在行：</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header in the file</source>
        <translation>文件中的表头</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>对应字段</translation>
    </message>
    <message>
        <source>Name for this mapping</source>
        <translation>给这个对应方案起个名字</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <source>Save as preset:</source>
        <translation>存为方案：</translation>
    </message>
    <message>
        <source>Rows already on file (same phone, card or ID number)</source>
        <translation>重复时（手机号、卡号或身份证号已在档）</translation>
    </message>
    <message>
        <source>Skip them</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Fill empty fields</source>
        <translation>补全空白</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Sheet “%1”: the header was found on row %2. Check the field of each column.</source>
        <translation>工作表“%1”：表头在第 %2 行。请核对每一列对应的字段。</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>Choose a column for the name and one for the phone or card number.</source>
        <translation>请指定姓名列，以及手机或卡号列。</translation>
    </message>
    <message>
        <source>Choose a column for the phone or the card number.</source>
        <translation>请指定手机或卡号列。</translation>
    </message>
</context>
<context>
    <name>ImportResultPage</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Preview again with my answers</source>
        <translation>按我的选择重新预览</translation>
    </message>
    <message>
        <source>Save error workbook…</source>
        <translation>保存错误工作簿…</translation>
    </message>
    <message>
        <source>Checking the rows…</source>
        <translation>正在检查各行…</translation>
    </message>
    <message>
        <source>Checking row %1 of %2</source>
        <translation>正在检查第 %1 行，共 %2 行</translation>
    </message>
    <message>
        <source>Writing %1 of %2</source>
        <translation>正在写入 %1 / %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Preview (dry run): nothing has been written yet.</source>
        <translation>预览（试运行）：尚未写入任何数据。</translation>
    </message>
    <message>
        <source>Import finished.</source>
        <translation>导入完成。</translation>
    </message>
    <message>
        <source>to add</source>
        <translation>将新增</translation>
    </message>
    <message>
        <source>added</source>
        <translation>已新增</translation>
    </message>
    <message>
        <source>to update</source>
        <translation>将更新</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <source>Rows read: %1. %2: %3. %4: %5. Skipped (already on file): %6.</source>
        <translation>读取 %1 行；%2：%3；%4：%5；跳过（已在档）：%6。</translation>
    </message>
    <message>
        <source>Rejected: %1. Duplicates in the file: %2. Totals rows passed over: %3.</source>
        <translation>拒绝：%1；文件内重复：%2；略过合计行：%3。</translation>
    </message>
    <message>
        <source>Opening balances: %1 yuan (bonus %2); points: %3; visits: %4.</source>
        <translation>期初余额：%1 元（其中赠送 %2）；积分：%3；次数：%4。</translation>
    </message>
    <message>
        <source>Member since: %1 from the file, %2 from the card&apos;s issue date, %3 today (importing their purchases moves it back to the first one).</source>
        <translation>入会日期：%1 人取自文件，%2 人取自开卡日期，%3 人记为今天（导入他们的消费记录后会提前到第一次消费）。</translation>
    </message>
    <message>
        <source>Purchases total: %1 yuan; points: %2.</source>
        <translation>消费金额合计：%1 元；积分：%2。</translation>
    </message>
    <message>
        <source>Member since moves back to an earlier purchase for %1 customers.</source>
        <translation>%1 位客户的入会日期按更早的消费提前。</translation>
    </message>
    <message>
        <source>%1 rows wait for your answer in the tabs below (the first answer is taken unless you change it). Import follows your answers; Preview again shows what they change.</source>
        <translation>有 %1 行等您决定，见下方各页（不改就按第一个选项处理）。导入按您的选择进行；“按我的选择重新预览”可以先看结果。</translation>
    </message>
    <message>
        <source>Create the tiers and card types the file names: %1</source>
        <translation>创建文件中出现的新等级和卡种：%1</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import from a spreadsheet</source>
        <translation>从表格导入</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <source>Mapping “%1” saved; choose it on the first page next time.</source>
        <translation>方案“%1”已保存，下次可在第一步选用。</translation>
    </message>
    <message>
        <source>Preview (dry run): checking every row…</source>
        <translation>预览（试运行）：正在逐行检查…</translation>
    </message>
    <message>
        <source>Importing… Cancel leaves the file as it was.</source>
        <translation>正在导入…… 取消则数据保持原样。</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written to the file.</source>
        <translation>已取消：数据没有任何改动。</translation>
    </message>
    <message>
        <source>Save error workbook</source>
        <translation>保存错误工作簿</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>%1 rows written to %2</source>
        <translation>已将 %1 行写入 %2</translation>
    </message>
    <message>
        <source>Step 1 of 3: choose the file</source>
        <translation>第 1 步 / 共 3 步：选择文件</translation>
    </message>
    <message>
        <source>Step 2 of 3: header and columns</source>
        <translation>第 2 步 / 共 3 步：表头与字段对应</translation>
    </message>
    <message>
        <source>Step 3 of 3: preview and import</source>
        <translation>第 3 步 / 共 3 步：预览与导入</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <source>Preview (dry run)</source>
        <translation>预览（试运行）</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>InsightsMenu</name>
    <message>
        <source>Customer care…</source>
        <translation>客户关怀…</translation>
    </message>
    <message>
        <source>Charts…</source>
        <translation>经营图表…</translation>
    </message>
    <message>
        <source>Tier overview…</source>
        <translation>等级分析…</translation>
    </message>
    <message>
        <source>Customer segments…</source>
        <translation>客户分群…</translation>
    </message>
</context>
<context>
    <name>InteractionsTab</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>About</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Log a contact…</source>
        <translation>记录联系…</translation>
    </message>
    <message>
        <source>Follow-up done</source>
        <translation>回访完成</translation>
    </message>
    <message>
        <source>%1 contacts</source>
        <translation>共 %1 条联系记录</translation>
    </message>
    <message>
        <source>Select the contact whose follow-up is done.</source>
        <translation>请先选择已完成回访的联系记录。</translation>
    </message>
</context>
<context>
    <name>IssueCardDialog</name>
    <message>
        <source>Issue a membership card</source>
        <translation>办理会员卡</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next: check and confirm</source>
        <translation>下一步：核对确认</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <source>Starting tier</source>
        <translation>默认等级</translation>
    </message>
    <message>
        <source>Scan the card, or leave empty for a new number</source>
        <translation>刷卡，或留空自动生成卡号</translation>
    </message>
    <message>
        <source>Optional, e.g. 500</source>
        <translation>选填，如 500</translation>
    </message>
    <message>
        <source>Optional: 6 digits the customer chooses</source>
        <translation>选填：客户自设 6 位数字</translation>
    </message>
    <message>
        <source>Agrees to receive offers and greetings</source>
        <translation>同意接收优惠和祝福信息</translation>
    </message>
    <message>
        <source>Card type</source>
        <translation>卡种</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>Card fee (yuan)</source>
        <translation>卡费（元）</translation>
    </message>
    <message>
        <source>First top-up (yuan)</source>
        <translation>首次充值（元）</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>Payment PIN</source>
        <translation>支付密码</translation>
    </message>
    <message>
        <source>Choose a card type.</source>
        <translation>请选择卡种。</translation>
    </message>
    <message>
        <source>Find and choose the customer first, or choose New customer.</source>
        <translation>请先查找并选择客户，或选择“新客户”。</translation>
    </message>
    <message>
        <source>Check with the customer, then press Enter to issue and charge.</source>
        <translation>与客户核对无误后，按回车办卡并收款。</translation>
    </message>
    <message>
        <source>%1 (new customer)</source>
        <translation>%1（新客户）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Issue card and charge</source>
        <translation>办卡并收款</translation>
    </message>
    <message>
        <source>No card type yet. Add them under Shop admin → Card types…, or add a whole set at once under Shop admin → Starter set….</source>
        <translation>还没有卡种。请在“店铺管理 → 卡种…”里添加，或在“店铺管理 → 开店模板…”里一次添加一整套。</translation>
    </message>
    <message>
        <source>No card type yet, so no card can be issued. Ask the owner to add card types (Shop admin → Card types…).</source>
        <translation>还没有卡种，暂时不能开卡。请让店主添加卡种（店铺管理 → 卡种…）。</translation>
    </message>
    <message>
        <source>Card %1 issued to %2. It holds: %3.</source>
        <translation>已为%2办理会员卡 %1。卡内：%3。</translation>
    </message>
</context>
<context>
    <name>IssuePlan</name>
    <message>
        <source>next shop number</source>
        <translation>自动生成卡号</translation>
    </message>
    <message>
        <source>never</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>none</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Card for</source>
        <translation>持卡人</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <source>Card fee</source>
        <translation>卡费</translation>
    </message>
    <message>
        <source>First top-up</source>
        <translation>首次充值</translation>
    </message>
    <message>
        <source>Charge now</source>
        <translation>本次收款</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>The card will hold</source>
        <translation>卡内将有</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Payment PIN</source>
        <translation>支付密码</translation>
    </message>
</context>
<context>
    <name>ItemDialog</name>
    <message>
        <source>New item</source>
        <translation>新增服务或商品</translation>
    </message>
    <message>
        <source>Edit item</source>
        <translation>修改服务或商品</translation>
    </message>
    <message>
        <source>e.g. Haircut, Latte</source>
        <translation>如：洗剪吹、拿铁</translation>
    </message>
    <message>
        <source>e.g. Hair, Drinks</source>
        <translation>如：美发、饮品</translation>
    </message>
    <message>
        <source>Scan or type it (optional)</source>
        <translation>扫码或手动输入（可不填）</translation>
    </message>
    <message>
        <source>Takes a visit of a count card per unit</source>
        <translation>用次卡消费时每件扣一次</translation>
    </message>
    <message>
        <source>A button at the counter (favourite)</source>
        <translation>设为常用（前台显示为按钮）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation>售价（元）</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
</context>
<context>
    <name>ItemPicker</name>
    <message>
        <source>paid by visits</source>
        <translation>扣次</translation>
    </message>
    <message>
        <source>Scan a barcode or type a name (F3)</source>
        <translation>扫条码或输入名称（F3）</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Remove this line</source>
        <translation>删除这一行</translation>
    </message>
    <message>
        <source>Nothing on the list matches %1.</source>
        <translation>没有与“%1”相符的服务或商品。</translation>
    </message>
    <message>
        <source>Pick one of the matches (Down, then Enter).</source>
        <translation>请从下面的结果中选择（按↓再按回车）。</translation>
    </message>
</context>
<context>
    <name>ItemsMenu</name>
    <message>
        <source>Services and products…</source>
        <translation>服务与商品…</translation>
    </message>
    <message>
        <source>Services and products</source>
        <translation>服务与商品</translation>
    </message>
</context>
<context>
    <name>ItemsView</name>
    <message>
        <source>Services and products sold at the counter. Favourites are buttons in the purchase dialog; a barcode lets a scanner add the item.</source>
        <translation>前台销售的服务和商品。常用项目在消费窗口里显示为按钮；填了条码的商品可以直接扫码添加。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation>售价（元）</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Uses a visit</source>
        <translation>扣次</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>常用</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>New item…</source>
        <translation>新增项目…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Take off the list</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Show items off the list</source>
        <translation>显示已停用的项目</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>on the list</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>off the list</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Choose an item in the list first.</source>
        <translation>请先在列表中选择一个项目。</translation>
    </message>
    <message>
        <source>%1 is on the list again.</source>
        <translation>“%1”已重新启用。</translation>
    </message>
    <message>
        <source>%1 is off the list.</source>
        <translation>“%1”已停用。</translation>
    </message>
    <message>
        <source>Put back on the list</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>Item %1 saved.</source>
        <translation>项目“%1”已保存。</translation>
    </message>
</context>
<context>
    <name>LedgerTab</name>
    <message>
        <source>Stored value</source>
        <translation>储值</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>补打小票</translation>
    </message>
    <message>
        <source>No card</source>
        <translation>无会员卡</translation>
    </message>
    <message>
        <source>Select a row of the ledger first.</source>
        <translation>请先选中一行流水。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Paid money</source>
        <translation>本金</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送金额</translation>
    </message>
    <message>
        <source>Paid money after</source>
        <translation>本金余额</translation>
    </message>
    <message>
        <source>Bonus after</source>
        <translation>赠送余额</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Points after</source>
        <translation>积分余额</translation>
    </message>
    <message>
        <source>Visits after</source>
        <translation>剩余次数</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>期初余额</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>消费</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>过期清零</translation>
    </message>
    <message>
        <source>Moved to new card</source>
        <translation>转入新卡</translation>
    </message>
    <message>
        <source>From old card</source>
        <translation>旧卡转入</translation>
    </message>
    <message>
        <source>Paid back on cancel</source>
        <translation>退卡退还</translation>
    </message>
    <message>
        <source>Cleared on cancel</source>
        <translation>退卡清零</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>获得</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>兑换</translation>
    </message>
    <message>
        <source>Bought</source>
        <translation>购买</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>使用</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Signed in as %1. Type your password to unlock.</source>
        <translation>当前登录：%1。请输入密码解锁。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Quit the program</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <source>Sign in as another user: type the name and the password.</source>
        <translation>换人登录：请输入用户名和密码。</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Back to %1</source>
        <translation>返回 %1</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>Type the user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>LogInteractionDialog</name>
    <message>
        <source>Log a contact with %1</source>
        <translation>记录与 %1 的联系</translation>
    </message>
    <message>
        <source>e.g. birthday greeting (optional)</source>
        <translation>如：生日祝福（选填）</translation>
    </message>
    <message>
        <source>What was said or done</source>
        <translation>沟通了什么、做了什么</translation>
    </message>
    <message>
        <source>Follow up on</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>About</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Membership cards and customer files</source>
        <translation>会员卡与客户档案</translation>
    </message>
    <message>
        <source>Shop file: %1</source>
        <translation>数据文件：%1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>All passwords lost? Use the recovery key…</source>
        <translation>密码全忘了？用恢复密钥打开…</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Sign in with the password of that time.</source>
        <translation>请用备份时的密码登录。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;ards</source>
        <translation>会员卡(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>报表(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Shop admin</source>
        <translation>店铺管理(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Find a customer</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <source>Back to Today</source>
        <translation>回到今日</translation>
    </message>
    <message>
        <source>Lock the screen</source>
        <translation>锁定屏幕</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>New recovery key…</source>
        <translation>生成新的恢复密钥…</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Accountant</source>
        <translation>会计</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>当前用户：%1（%2）</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
    <message>
        <source>Membership cards</source>
        <translation>会员卡管理</translation>
    </message>
    <message>
        <source>The new language is used from the next start of the program.</source>
        <translation>新的界面语言将在下次启动程序时生效。</translation>
    </message>
    <message>
        <source>New recovery key</source>
        <translation>新的恢复密钥</translation>
    </message>
    <message>
        <source>Make a new recovery key? The old one stops working at once, so any copy of it on paper becomes useless.</source>
        <translation>要生成新的恢复密钥吗？旧密钥会立即失效，抄在纸上的旧密钥也就没用了。</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge two customers</source>
        <translation>合并两位客户</translation>
    </message>
    <message>
        <source>Loading both customers…</source>
        <translation>正在读取两位客户…</translation>
    </message>
    <message>
        <source>Keep the other one instead</source>
        <translation>改为保留另一位</translation>
    </message>
    <message>
        <source>I have checked: these two files are the same person</source>
        <translation>我已核对：这两份档案是同一个人</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>#%1 is merged into #%2 and stops showing in lists. Pick, field by field, which value the merged file keeps.</source>
        <translation>#%1 将并入 #%2，之后不再出现在列表里。请逐项选择合并后的档案保留哪一边的资料。</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Merge in</source>
        <translation>并入</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>The same in both: %1</source>
        <translation>两边相同：%1</translation>
    </message>
    <message>
        <source>Moves to #%1: %2 cards (%3 active), stored value ¥%4, %5 points, %6 visits.</source>
        <translation>转到 #%1：会员卡 %2 张（其中 %3 张在用），储值 ¥%4，积分 %5，次数 %6。</translation>
    </message>
    <message>
        <source>Also %1 purchases, %2 contacts, %3 feedback, %4 survey answers and %5 customers they referred.</source>
        <translation>另有消费记录 %1 条、联系记录 %2 条、反馈 %3 条、问卷回答 %4 份、其介绍的客户 %5 位。</translation>
    </message>
    <message>
        <source>After the merge #%1 holds %2 cards, stored value ¥%3 and %4 points in all; nothing is added or lost.</source>
        <translation>合并后 #%1 共有会员卡 %2 张、储值 ¥%3、积分 %4；一分不多，一分不少。</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <source>The merge can be undone from the audit log as long as nothing has happened to #%1 since.</source>
        <translation>只要 #%1 之后没有新的操作，就可以在操作日志里撤销这次合并。</translation>
    </message>
    <message>
        <source>#%1 is merged into #%2 (audit entry %3).</source>
        <translation>#%1 已并入 #%2（操作日志第 %3 条）。</translation>
    </message>
</context>
<context>
    <name>MoveFeedbackDialog</name>
    <message>
        <source>Move feedback along</source>
        <translation>更新反馈状态</translation>
    </message>
    <message>
        <source>%1, now %2: %3</source>
        <translation>%1，当前%2：%3</translation>
    </message>
    <message>
        <source>How it was resolved</source>
        <translation>是怎样解决的</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>未询问</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>改为</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Satisfaction (1–5)</source>
        <translation>满意度（1–5）</translation>
    </message>
    <message>
        <source>Closed feedback does not move any more.</source>
        <translation>已关闭的反馈不能再更改状态。</translation>
    </message>
</context>
<context>
    <name>OpenFeedbackDialog</name>
    <message>
        <source>Feedback from %1</source>
        <translation>%1 的反馈</translation>
    </message>
    <message>
        <source>e.g. service, product, waiting time</source>
        <translation>如：服务、商品、等候时间</translation>
    </message>
    <message>
        <source>What the customer said</source>
        <translation>客户反映的内容</translation>
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
        <source>Description</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Cash in the drawer now, e.g. 200</source>
        <translation>钱箱里现有的现金，例如 200</translation>
    </message>
    <message>
        <source>Float (yuan)</source>
        <translation>备用金（元）</translation>
    </message>
</context>
<context>
    <name>OwnerMenu</name>
    <message>
        <source>Staff accounts…</source>
        <translation>员工账号…</translation>
    </message>
    <message>
        <source>Card types…</source>
        <translation>卡种…</translation>
    </message>
    <message>
        <source>Tiers…</source>
        <translation>会员等级…</translation>
    </message>
    <message>
        <source>Shop settings…</source>
        <translation>店铺设置…</translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation>操作日志…</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <source>Card types</source>
        <translation>卡种</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Shop settings</source>
        <translation>店铺设置</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
</context>
<context>
    <name>PrivacyMenu</name>
    <message>
        <source>Withdraw marketing consent…</source>
        <translation>撤回营销同意…</translation>
    </message>
    <message>
        <source>Consent history…</source>
        <translation>营销同意记录…</translation>
    </message>
    <message>
        <source>Export personal data…</source>
        <translation>导出个人信息…</translation>
    </message>
    <message>
        <source>Erase personal details…</source>
        <translation>删除个人信息…</translation>
    </message>
    <message>
        <source>Retention list…</source>
        <translation>到期待删除名单…</translation>
    </message>
    <message>
        <source>Change database key…</source>
        <translation>更换数据库密钥…</translation>
    </message>
    <message>
        <source>Marketing consent withdrawn: the customer is off every greeting list.</source>
        <translation>已撤回营销同意：该客户已从所有关怀名单中移除。</translation>
    </message>
    <message>
        <source>Export personal data</source>
        <translation>导出个人信息</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Personal data written to %1</source>
        <translation>个人信息已写入 %1</translation>
    </message>
    <message>
        <source>Personal data exported</source>
        <translation>个人信息已导出</translation>
    </message>
    <message>
        <source>Everything held about customer #%1 was written to:
%2

%3 sheets, %4 rows. The file holds full personal data: hand it over safely, then delete it.</source>
        <translation>客户 #%1 的全部信息已写入：
%2

共 %3 个工作表、%4 行。文件含完整的个人信息：请安全地交给本人，然后删除。</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>The database key was changed.</source>
        <translation>数据库密钥已更换。</translation>
    </message>
</context>
<context>
    <name>ProfileView</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>资料</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>消费记录</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>流水</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>History</source>
        <translation>变更历史</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <source>Issue card (F2)</source>
        <translation>办卡 (F2)</translation>
    </message>
    <message>
        <source>Log a contact…</source>
        <translation>记录联系…</translation>
    </message>
    <message>
        <source>Record feedback…</source>
        <translation>登记反馈…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>This file was changed elsewhere while you were editing; your typing is kept.</source>
        <translation>您编辑期间，这份档案已在别处被修改；您输入的内容仍保留着。</translation>
    </message>
    <message>
        <source>member since %1</source>
        <translation>入会 %1</translation>
    </message>
    <message>
        <source>profile %1% complete</source>
        <translation>资料完整度 %1%</translation>
    </message>
    <message>
        <source> (missing: %1)</source>
        <translation>（缺：%1）</translation>
    </message>
    <message>
        <source>No card yet</source>
        <translation>尚未办卡</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>修改未保存</translation>
    </message>
    <message>
        <source>The changes to %1 are not saved. Leave them and open another customer?</source>
        <translation>对 %1 的修改还没有保存。放弃这些修改并打开其他客户吗？</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>PurchasesTab</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>List price</source>
        <translation>原价</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>实付</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Older purchases</source>
        <translation>更早的消费</translation>
    </message>
    <message>
        <source>Refund the selected purchase…</source>
        <translation>所选消费退款…</translation>
    </message>
    <message>
        <source>%1 purchases shown</source>
        <translation>已显示 %1 条消费</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Sale (refunded)</source>
        <translation>消费（已退款）</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>消费</translation>
    </message>
    <message>
        <source>Select the purchase to refund first.</source>
        <translation>请先选择要退款的消费记录。</translation>
    </message>
</context>
<context>
    <name>RankedProfilesModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完整度</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>Stored balance</source>
        <translation>储值余额</translation>
    </message>
    <message>
        <source>Spent, last 12 months</source>
        <translation>近 12 个月消费</translation>
    </message>
    <message>
        <source>complete now</source>
        <translation>已补全</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>Paid back</source>
        <translation>退还金额</translation>
    </message>
    <message>
        <source>Bonus forfeited</source>
        <translation>作废赠送</translation>
    </message>
    <message>
        <source>Refund of</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>Worth</source>
        <translation>折合金额</translation>
    </message>
    <message>
        <source>First top-up</source>
        <translation>首次充值</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值金额</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持卡人</translation>
    </message>
    <message>
        <source>Card fee</source>
        <translation>卡费</translation>
    </message>
    <message>
        <source>Member discount</source>
        <translation>会员优惠</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>实付</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>原余额</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>现余额</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Points after</source>
        <translation>积分余额</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Visits left</source>
        <translation>剩余次数</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source> (reprint)</source>
        <translation>（补打）</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>流水号</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Member&apos;s signature</source>
        <translation>会员签名</translation>
    </message>
    <message>
        <source>Reprint the receipt</source>
        <translation>补打小票</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <source>Thank you for your visit.</source>
        <translation>谢谢惠顾，欢迎再次光临！</translation>
    </message>
</context>
<context>
    <name>ReceiptButtons</name>
    <message>
        <source>Print receipt</source>
        <translation>打印小票</translation>
    </message>
    <message>
        <source>Save receipt as PDF…</source>
        <translation>小票存为 PDF…</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>打印小票</translation>
    </message>
    <message>
        <source>receipt-%1.pdf</source>
        <translation>小票-%1.pdf</translation>
    </message>
    <message>
        <source>Save the receipt</source>
        <translation>保存小票</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ReceiptSettingsDialog</name>
    <message>
        <source>Receipt settings</source>
        <translation>小票设置</translation>
    </message>
    <message>
        <source>Ask each time (print dialog)</source>
        <translation>每次询问（打印对话框）</translation>
    </message>
    <message>
        <source>%1 mm</source>
        <translation>%1 毫米</translation>
    </message>
    <message>
        <source>Print a receipt after each money action, without asking</source>
        <translation>每笔收银操作后自动打印小票，不再询问</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.50:9100 (optional)</source>
        <translation>如 192.168.1.50:9100（可不填）</translation>
    </message>
    <message>
        <source>Default printer</source>
        <translation>默认打印机</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <source>Network receipt printer</source>
        <translation>网络小票打印机</translation>
    </message>
    <message>
        <source>A network receipt printer, when set, prints every slip instead of the default printer.</source>
        <translation>填写网络小票打印机后，所有小票都由它打印，不再用默认打印机。</translation>
    </message>
    <message>
        <source>Member-signature line on the receipts of:</source>
        <translation>以下操作的小票带会员签名栏：</translation>
    </message>
    <message>
        <source>Print test slip</source>
        <translation>打印测试小票</translation>
    </message>
    <message>
        <source>Test slip</source>
        <translation>测试小票</translation>
    </message>
</context>
<context>
    <name>ReceiptSettingsMenu</name>
    <message>
        <source>Receipts and printer…</source>
        <translation>小票与打印机…</translation>
    </message>
    <message>
        <source>Receipt settings saved.</source>
        <translation>小票设置已保存。</translation>
    </message>
</context>
<context>
    <name>RecoverAccessDialog</name>
    <message>
        <source>Open with the recovery key</source>
        <translation>用恢复密钥打开</translation>
    </message>
    <message>
        <source>Type the recovery key written down when the file was created, the owner&apos;s user name and a new password for that owner.</source>
        <translation>请输入创建文件时抄下的恢复密钥、店主用户名，以及为这位店主设置的新密码。</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>Owner user name</source>
        <translation>店主用户名</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Open and set the password</source>
        <translation>打开并设置密码</translation>
    </message>
    <message>
        <source>Type the recovery key.</source>
        <translation>请输入恢复密钥。</translation>
    </message>
    <message>
        <source>Type the owner&apos;s user name.</source>
        <translation>请输入店主用户名。</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the password again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <source>New recovery key</source>
        <translation>新的恢复密钥</translation>
    </message>
    <message>
        <source>The old recovery key no longer works. This new key is shown only now: write it on paper and keep it somewhere safe.</source>
        <translation>旧的恢复密钥已经失效。新密钥只显示这一次：请抄在纸上，放在安全的地方。</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyView</name>
    <message>
        <source>Save as PDF to print…</source>
        <translation>另存为 PDF 以便打印…</translation>
    </message>
    <message>
        <source>I have written the recovery key down</source>
        <translation>我已抄下恢复密钥</translation>
    </message>
    <message>
        <source>recovery-key.pdf</source>
        <translation>恢复密钥.pdf</translation>
    </message>
    <message>
        <source>Save the recovery key</source>
        <translation>保存恢复密钥</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %1. Print it, then delete the file.</source>
        <translation>已保存到 %1。打印出来后，请删除这个文件。</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>Shop: %1</source>
        <translation>店铺：%1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Created: %1</source>
        <translation>创建时间：%1</translation>
    </message>
    <message>
        <source>This key opens the shop file when every password is lost. Keep this page locked away; anyone who has it and the file can read all customer data.</source>
        <translation>所有密码都遗失时，只有这个密钥能打开店铺数据文件。请把这一页锁好保管：任何人拿到它和数据文件，就能看到全部客户资料。</translation>
    </message>
</context>
<context>
    <name>RedeemPointsDialog</name>
    <message>
        <source>Redeem points on card %1</source>
        <translation>卡 %1 积分兑换</translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation>兑换</translation>
    </message>
    <message>
        <source>Gift or what the points pay for</source>
        <translation>兑换的礼品或用途</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>For</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>The card holds %1 points; type how many to redeem.</source>
        <translation>卡内有 %1 积分，请输入要兑换的积分数。</translation>
    </message>
    <message>
        <source>Points before</source>
        <translation>兑换前积分</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>本次兑换</translation>
    </message>
    <message>
        <source>Points after</source>
        <translation>兑换后积分</translation>
    </message>
    <message>
        <source>Worth</source>
        <translation>折合金额</translation>
    </message>
    <message>
        <source>Redeemed %1 points (worth %2). Points left: %3.</source>
        <translation>已兑换 %1 积分（折合 %2）。剩余积分：%3。</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund a purchase</source>
        <translation>消费退款</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Purchase of %1, paid %2 by %3</source>
        <translation>%1，%3支付 %2</translation>
    </message>
    <message>
        <source>Why the customer is refunded (required)</source>
        <translation>退款原因（必填）</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>消费</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Paid back</source>
        <translation>退还金额</translation>
    </message>
    <message>
        <source>To</source>
        <translation>退回到</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>退款前余额</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>退款后余额</translation>
    </message>
    <message>
        <source>Points taken back</source>
        <translation>扣回积分</translation>
    </message>
    <message>
        <source>Visits given back</source>
        <translation>退回次数</translation>
    </message>
    <message>
        <source>Tick the items to take back.</source>
        <translation>请勾选要退的项目。</translation>
    </message>
    <message>
        <source>Items taken back</source>
        <translation>退回项目</translation>
    </message>
    <message>
        <source>Refunded %1 by %2.</source>
        <translation>已退款 %1（%2）。</translation>
    </message>
    <message>
        <source>Balance now %1, points %2.</source>
        <translation>当前余额 %1，积分 %2。</translation>
    </message>
</context>
<context>
    <name>RefundLines</name>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Take back</source>
        <translation>退回数量</translation>
    </message>
    <message>
        <source>Amount back</source>
        <translation>退回金额</translation>
    </message>
    <message>
        <source>%1 (%2 refunded)</source>
        <translation>%1（已退 %2）</translation>
    </message>
</context>
<context>
    <name>ReopenDayDialog</name>
    <message>
        <source>Reopen %1</source>
        <translation>重新打开 %1</translation>
    </message>
    <message>
        <source>Reopen day</source>
        <translation>重新打开营业日</translation>
    </message>
    <message>
        <source>Why the day is opened again</source>
        <translation>为什么要重新打开这一天</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ReplaceDialog</name>
    <message>
        <source>Replace card %1</source>
        <translation>补卡 %1</translation>
    </message>
    <message>
        <source>Replace card</source>
        <translation>补卡</translation>
    </message>
    <message>
        <source>Scan the new card, or leave empty for a new number</source>
        <translation>刷新卡，或留空自动生成卡号</translation>
    </message>
    <message>
        <source>0 when free</source>
        <translation>免费请填 0</translation>
    </message>
    <message>
        <source>New card number</source>
        <translation>新卡号</translation>
    </message>
    <message>
        <source>Replacement fee (yuan)</source>
        <translation>补卡费（元）</translation>
    </message>
    <message>
        <source>Fee paid by</source>
        <translation>补卡费支付方式</translation>
    </message>
    <message>
        <source>New card will hold</source>
        <translation>新卡将有</translation>
    </message>
    <message>
        <source>Old card becomes</source>
        <translation>旧卡变为</translation>
    </message>
    <message>
        <source>Fee to pay</source>
        <translation>应付补卡费</translation>
    </message>
    <message>
        <source>New card %1 holds %2. Old card %3 is replaced and can no longer be used.</source>
        <translation>新卡 %1 内有：%2。旧卡 %3 已补换，不能再使用。</translation>
    </message>
</context>
<context>
    <name>ReportLostDialog</name>
    <message>
        <source>Card %1 found</source>
        <translation>卡 %1 解除挂失</translation>
    </message>
    <message>
        <source>Report card %1 lost</source>
        <translation>挂失卡 %1</translation>
    </message>
    <message>
        <source>Card found</source>
        <translation>解除挂失</translation>
    </message>
    <message>
        <source>Report lost</source>
        <translation>挂失</translation>
    </message>
    <message>
        <source>Where or when it was lost (optional)</source>
        <translation>丢失的地点或时间（选填）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Card %1 is reported lost; nothing can be paid with it. Replace it to move everything to a new card.</source>
        <translation>卡 %1 已挂失，不能再用它付款。补卡后，卡内的一切都会转到新卡上。</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>New password for %1</source>
        <translation>为 %1 设置新密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Backups in %1, newest first:</source>
        <translation>%1 中的备份（最新的在前）：</translation>
    </message>
    <message>
        <source>No backups were found in this folder.</source>
        <translation>这个文件夹里没有找到备份。</translation>
    </message>
    <message>
        <source>The current file is replaced by the backup. Passwords and the recovery key become those of the time of the backup. A safety copy of the current file is kept first.</source>
        <translation>当前的数据文件将被备份替换。密码和恢复密钥将变回备份时的样子。替换前会先保存当前文件的安全副本。</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Other file…</source>
        <translation>其他文件…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <source>Made by hand</source>
        <translation>手动备份</translation>
    </message>
    <message>
        <source>Safety copy before a restore</source>
        <translation>恢复前的安全副本</translation>
    </message>
    <message>
        <source>Before an import</source>
        <translation>导入前</translation>
    </message>
    <message>
        <source>Before an update</source>
        <translation>升级前</translation>
    </message>
    <message>
        <source>Before a key change</source>
        <translation>更换密钥前</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Choose a backup</source>
        <translation>选择备份</translation>
    </message>
    <message>
        <source>Backups (*%1)</source>
        <translation>备份文件 (*%1)</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <source>Retention list</source>
        <translation>到期待删除名单</translation>
    </message>
    <message>
        <source>Personal details of customers who ended their membership are kept only as long as needed. Those kept longer than the retention period are listed here to be erased; their money records stay.</source>
        <translation>已结束会员关系的客户，个人信息只在必要期限内保存。超过保存期限的客户列在这里，可以删除其个人信息；资金记录会保留。</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Save period</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Retention period</source>
        <translation>保存期限</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Ended on</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Due since</source>
        <translation>到期日期</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Erase selected…</source>
        <translation>删除所选…</translation>
    </message>
    <message>
        <source>%1 terminated customer(s) are past the retention period.</source>
        <translation>有 %1 位已终止的客户超过了保存期限。</translation>
    </message>
    <message>
        <source>Nothing is due: no terminated customer is kept longer than the retention period.</source>
        <translation>没有到期的客户：没有已终止的客户超过保存期限。</translation>
    </message>
    <message>
        <source>Past the retention period</source>
        <translation>超过保存期限</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>Role of %1</source>
        <translation>%1 的角色</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
</context>
<context>
    <name>RowChoicePanel</name>
    <message>
        <source>Apply to all rows</source>
        <translation>全部照此处理</translation>
    </message>
    <message>
        <source>For every row:</source>
        <translation>所有行：</translation>
    </message>
</context>
<context>
    <name>SalesMenu</name>
    <message>
        <source>Sales by item and category…</source>
        <translation>销售统计（按项目/类别）…</translation>
    </message>
</context>
<context>
    <name>SalesView</name>
    <message>
        <source>By item</source>
        <translation>按项目</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>The chart shows here.</source>
        <translation>图表显示在这里。</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Exporting sales…</source>
        <translation>正在导出销售统计…</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，没有生成文件。</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>List price (yuan)</source>
        <translation>原价金额（元）</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Net sales</source>
        <translation>净销售额</translation>
    </message>
    <message>
        <source>(no items)</source>
        <translation>（无明细）</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>（未分类）</translation>
    </message>
    <message>
        <source>Nothing was sold in this range.</source>
        <translation>这段时间没有销售记录。</translation>
    </message>
    <message>
        <source>Net sales in this range: %1 yuan (list price %2, discounts %3, refunded %4)</source>
        <translation>本期净销售额 %1 元（原价 %2，折扣 %3，退款 %4）</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
        <source>Export sales</source>
        <translation>导出销售统计</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>SegmentsView</name>
    <message>
        <source>Recompute</source>
        <translation>重新计算</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>客户分群</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>人数占比</translation>
    </message>
    <message>
        <source>Spend (yuan)</source>
        <translation>消费金额（元）</translation>
    </message>
    <message>
        <source>Share of spend</source>
        <translation>消费占比</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>距今天数</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>消费次数</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Customers who bought in the last 365 days, by recency, frequency and spend.</source>
        <translation>近 365 天内有消费的客户，按最近消费、消费频次和消费金额分群。</translation>
    </message>
    <message>
        <source>%1 customers segmented.</source>
        <translation>共 %1 位客户参与分群。</translation>
    </message>
</context>
<context>
    <name>ServerMoveDialog</name>
    <message>
        <source>Move the shop to a server</source>
        <translation>把店铺搬到服务器上</translation>
    </message>
    <message>
        <source>Moves this shop file onto a PostgreSQL server, so that several counters work on the same customers and cards. Run this on the server PC, signed in to Windows or Linux as a user who may change PostgreSQL&apos;s settings (an administrator, root or postgres). The shop file here is not changed.</source>
        <translation>把这个店铺文件搬到 PostgreSQL 服务器上，让几台收银台共用同一批顾客和会员卡。请在服务器电脑上，用能修改 PostgreSQL 设置的用户（管理员、root 或 postgres）登录 Windows 或 Linux 后运行。这里的店铺文件不会改动。</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10, shop-server</source>
        <translation>例如：192.168.1.10, shop-server</translation>
    </message>
    <message>
        <source>none: a new one is made</source>
        <translation>不填：新建一个</translation>
    </message>
    <message>
        <source>Administrator&apos;s URL</source>
        <translation>管理员地址</translation>
    </message>
    <message>
        <source>Database name</source>
        <translation>数据库名</translation>
    </message>
    <message>
        <source>Counters reach the server at</source>
        <translation>收银台连接服务器用的地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Save the connection file as</source>
        <translation>连接文件保存为</translation>
    </message>
    <message>
        <source>Certificate authority (optional)</source>
        <translation>证书机构（可不填）</translation>
    </message>
    <message>
        <source>Only when another shop already uses this server: choose its .ca-key.pem file, or that shop&apos;s counters can no longer connect.</source>
        <translation>只有在这台服务器上已经有另一家店铺时才需要：选择那家店的 .ca-key.pem 文件，否则那家店的收银台会连不上。</translation>
    </message>
    <message>
        <source>Your password (owner)</source>
        <translation>您的密码（店主）</translation>
    </message>
    <message>
        <source>Move to the server</source>
        <translation>搬到服务器上</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Save the connection file</source>
        <translation>保存连接文件</translation>
    </message>
    <message>
        <source>Server connection (*%1)</source>
        <translation>服务器连接文件 (*%1)</translation>
    </message>
    <message>
        <source>The certificate authority of the shop already on the server</source>
        <translation>服务器上已有店铺的证书机构</translation>
    </message>
    <message>
        <source>Certificate authority (*%1)</source>
        <translation>证书机构 (*%1)</translation>
    </message>
    <message>
        <source>Moving the shop to the server</source>
        <translation>正在把店铺搬到服务器上</translation>
    </message>
    <message>
        <source>Checking your password</source>
        <translation>正在核对您的密码</translation>
    </message>
    <message>
        <source>Setting up the server&apos;s encryption</source>
        <translation>正在设置服务器的加密连接</translation>
    </message>
    <message>
        <source>Copying the shop&apos;s tables</source>
        <translation>正在复制店铺的数据表</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The shop is on the server now. Copy this connection file to every counter and open it there (this PC too):</source>
        <translation>店铺已经在服务器上了。请把这个连接文件复制到每台收银台，在那里打开它（这台电脑也一样）：</translation>
    </message>
    <message>
        <source>Keep %1 beside it safe: it is needed again only to make a new server certificate.</source>
        <translation>请妥善保管旁边的 %1：只有以后重新生成服务器证书时才会用到它。</translation>
    </message>
    <message>
        <source>Sign in on the server and set the password again for: %1. Until then these accounts cannot sign in there.</source>
        <translation>请登录服务器上的店铺，给这些账号重新设置一次密码：%1。在此之前，这些账号在服务器上无法登录。</translation>
    </message>
    <message>
        <source>Still to do:</source>
        <translation>还要做的事：</translation>
    </message>
</context>
<context>
    <name>ServerMoveMenu</name>
    <message>
        <source>Move the shop to a server…</source>
        <translation>把店铺搬到服务器上…</translation>
    </message>
</context>
<context>
    <name>SetPinDialog</name>
    <message>
        <source>Payment PIN of card %1</source>
        <translation>卡 %1 的支付密码</translation>
    </message>
    <message>
        <source>Save PIN</source>
        <translation>保存密码</translation>
    </message>
    <message>
        <source>Remove the PIN</source>
        <translation>取消支付密码</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New PIN (6 digits)</source>
        <translation>新密码（6 位数字）</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>The two new PINs differ; type them again.</source>
        <translation>两次输入的新密码不一致，请重新输入。</translation>
    </message>
    <message>
        <source>The PIN is set; purchases from the balance will ask for it.</source>
        <translation>支付密码已设置，以后用余额消费时需要输入。</translation>
    </message>
    <message>
        <source>The card has no PIN now.</source>
        <translation>这张卡现在没有支付密码。</translation>
    </message>
</context>
<context>
    <name>SetupChecklistBox</name>
    <message>
        <source>Getting the shop ready</source>
        <translation>开店准备</translation>
    </message>
    <message>
        <source>Do not show again</source>
        <translation>不再显示</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>已完成 %1/%2 项</translation>
    </message>
</context>
<context>
    <name>ShiftBox</name>
    <message>
        <source>My shift</source>
        <translation>我的班次</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>No shift open.</source>
        <translation>尚未开班。</translation>
    </message>
    <message>
        <source>Opened %1, float %2.</source>
        <translation>%1 开班，备用金 %2。</translation>
    </message>
    <message>
        <source>%1: in %2, out %3</source>
        <translation>%1：收 %2，付 %3</translation>
    </message>
    <message>
        <source>No money taken yet.</source>
        <translation>还没有收款。</translation>
    </message>
    <message>
        <source>Expected cash in the drawer: %1</source>
        <translation>钱箱应有现金：%1</translation>
    </message>
</context>
<context>
    <name>ShiftMenu</name>
    <message>
        <source>Open shift…</source>
        <translation>开班…</translation>
    </message>
    <message>
        <source>Close shift…</source>
        <translation>交班…</translation>
    </message>
    <message>
        <source>Day-end close…</source>
        <translation>日结…</translation>
    </message>
    <message>
        <source>Day-end close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Shift opened with a float of %1.</source>
        <translation>已开班，备用金 %1。</translation>
    </message>
</context>
<context>
    <name>ShopSettingsView</name>
    <message>
        <source>e.g. 021-12345678</source>
        <translation>例如 021-12345678</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Shop details (printed on receipts)</source>
        <translation>店铺信息（打印在小票上）</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>店名</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Points per yuan spent</source>
        <translation>每消费 1 元得积分</translation>
    </message>
    <message>
        <source>Points needed for 1 yuan off</source>
        <translation>抵扣 1 元所需积分</translation>
    </message>
    <message>
        <source>Card numbers</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>Prefix (digits)</source>
        <translation>前缀（数字）</translation>
    </message>
    <message>
        <source>Length with check digit</source>
        <translation>总位数（含校验位）</translation>
    </message>
    <message>
        <source>First number</source>
        <translation>第一个卡号</translation>
    </message>
    <message>
        <source>Screen lock</source>
        <translation>自动锁屏</translation>
    </message>
    <message>
        <source>Lock after idle for</source>
        <translation>无操作多久后锁屏</translation>
    </message>
    <message>
        <source>Backups and records</source>
        <translation>备份与记录</translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation>默认：%1</translation>
    </message>
    <message>
        <source>Automatic backups go here; a USB drive is a good place.</source>
        <translation>自动备份保存在这里；U 盘是个好地方。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Use the default</source>
        <translation>使用默认位置</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Automatic backups kept</source>
        <translation>保留的自动备份份数</translation>
    </message>
    <message>
        <source>Keep ended memberships for</source>
        <translation>已结束会员的保存期限</translation>
    </message>
    <message>
        <source>After this, customers whose membership ended are listed for deletion.</source>
        <translation>超过此期限后，已结束会员关系的客户会列入待删除名单。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Undo my changes</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>Keeping profiles current</source>
        <translation>资料维护</translation>
    </message>
    <message>
        <source>Completeness counts</source>
        <translation>计入资料完整度</translation>
    </message>
    <message>
        <source>Not asked for</source>
        <translation>不要求</translation>
    </message>
    <message>
        <source>Every 6 months</source>
        <translation>每 6 个月</translation>
    </message>
    <message>
        <source>Every 12 months</source>
        <translation>每 12 个月</translation>
    </message>
    <message>
        <source>Every 24 months</source>
        <translation>每 24 个月</translation>
    </message>
    <message>
        <source>Customers who are due are listed on the Today panel and their profile, until someone confirms the details with them.</source>
        <translation>到期的客户会列在“今日”面板和客户档案上，直到有人与客户核对过联系方式。</translation>
    </message>
    <message>
        <source>Confirm contact details with the customer</source>
        <translation>与客户核对联系方式</translation>
    </message>
    <message>
        <source>Choose the backup folder</source>
        <translation>选择备份文件夹</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Spending 100 yuan earns %1 points; %2 points take 1 yuan off.</source>
        <translation>消费 100 元得 %1 积分；%2 积分抵 1 元。</translation>
    </message>
    <message>
        <source>(does not fit)</source>
        <translation>（位数不够）</translation>
    </message>
</context>
<context>
    <name>StaffAccounts</name>
    <message>
        <source>Owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Accountant</source>
        <translation>会计</translation>
    </message>
    <message>
        <source>The two passwords are not the same; type the new password again.</source>
        <translation>两次输入的密码不一致，请重新输入新密码。</translation>
    </message>
</context>
<context>
    <name>StaffAccountsView</name>
    <message>
        <source>Each person signs in with their own account. Clerks serve customers; accountants read and export; owners manage everything.</source>
        <translation>每人用自己的账号登录。前台接待客户；会计查看和导出；店主管理一切。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name shown</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建日期</translation>
    </message>
    <message>
        <source>Add an account…</source>
        <translation>添加账号…</translation>
    </message>
    <message>
        <source>Set a new password…</source>
        <translation>设置新密码…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>更改角色…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Show removed accounts</source>
        <translation>显示已停用账号</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>missing: set a new one</source>
        <translation>缺失：请设置新密码</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Account %1 added; it can sign in now.</source>
        <translation>账号 %1 已添加，现在就可以登录。</translation>
    </message>
    <message>
        <source>New password for %1 saved.</source>
        <translation>%1 的新密码已保存。</translation>
    </message>
    <message>
        <source>You are signed in with this account; another owner changes its role.</source>
        <translation>您正在使用这个账号，请由另一位店主更改它的角色。</translation>
    </message>
    <message>
        <source>Role of %1 changed.</source>
        <translation>%1 的角色已更改。</translation>
    </message>
    <message>
        <source>You are signed in with this account; another owner removes it.</source>
        <translation>您正在使用这个账号，请由另一位店主停用它。</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <source>Remove the account %1? It can no longer sign in; what it did stays in the log.</source>
        <translation>停用账号 %1？停用后不能再登录；它做过的操作仍保留在日志中。</translation>
    </message>
    <message>
        <source>Account %1 removed.</source>
        <translation>账号 %1 已停用。</translation>
    </message>
    <message>
        <source>Change the key now?</source>
        <translation>现在更换密钥吗？</translation>
    </message>
    <message>
        <source>Until the database key is changed, an old copy of the key file still opens the data with %1&apos;s old password. Change the key now?</source>
        <translation>在更换数据库密钥之前，旧的密钥文件副本仍可以用 %1 的旧密码打开数据。现在更换密钥吗？</translation>
    </message>
    <message>
        <source>Choose an account in the list first.</source>
        <translation>请先在列表中选择一个账号。</translation>
    </message>
    <message>
        <source>This account was removed; add a new one instead.</source>
        <translation>这个账号已停用，请添加一个新账号。</translation>
    </message>
</context>
<context>
    <name>StarterChoice</name>
    <message>
        <source>Hair and beauty salon</source>
        <translation>美容美发</translation>
    </message>
    <message>
        <source>Gym</source>
        <translation>健身</translation>
    </message>
    <message>
        <source>Café or tea shop</source>
        <translation>咖啡/茶饮</translation>
    </message>
    <message>
        <source>Retail shop</source>
        <translation>零售</translation>
    </message>
    <message>
        <source>Empty: I will add my own</source>
        <translation>空白：我自己添加</translation>
    </message>
    <message>
        <source>Card types</source>
        <translation>卡种</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Services and products</source>
        <translation>服务和商品</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>pay %1, get %2 free</source>
        <translation>充 %1 送 %2</translation>
    </message>
    <message>
        <source>%1 visits of %2 for %3, valid %4 days</source>
        <translation>%2 %1 次，%3，有效期 %4 天</translation>
    </message>
    <message>
        <source>%1 days of %2 for %3</source>
        <translation>%2 %1 天，%3</translation>
    </message>
    <message>
        <source>collects points on every purchase</source>
        <translation>每次消费累计积分</translation>
    </message>
    <message>
        <source>money kept on the card; %1</source>
        <translation>卡内储值；%1</translation>
    </message>
    <message>
        <source>every member</source>
        <translation>所有会员</translation>
    </message>
    <message>
        <source>from %1 spent in a year</source>
        <translation>一年内消费满 %1</translation>
    </message>
    <message>
        <source>list price; %1</source>
        <translation>按原价；%1</translation>
    </message>
    <message>
        <source>pays %1% of the list price; %2</source>
        <translation>按原价的 %1% 收费；%2</translation>
    </message>
    <message>
        <source>already on file, kept as it is</source>
        <translation>已有同名，保留不变</translation>
    </message>
    <message>
        <source>Nothing will be added.</source>
        <translation>不会添加任何内容。</translation>
    </message>
    <message>
        <source>Kind of shop</source>
        <translation>店铺类型</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>添加哪些内容</translation>
    </message>
    <message>
        <source>The file starts empty. Card types, tiers and items can be added later under Shop admin, or a starter set applied from there.</source>
        <translation>文件从空白开始。以后可以在“店铺管理”里添加卡种、等级和服务/商品，也可以在那里使用开店模板。</translation>
    </message>
</context>
<context>
    <name>StarterPage</name>
    <message>
        <source>Start with a set for your kind of shop</source>
        <translation>按店铺类型开始</translation>
    </message>
    <message>
        <source>Card types, three tiers and a few services to begin with. Untick what you do not want; everything can be changed later under Shop admin.</source>
        <translation>先准备好卡种、三个会员等级和几项常用服务。不需要的请取消勾选；以后都可以在“店铺管理”里修改。</translation>
    </message>
    <message>
        <source>Adding the starter set…</source>
        <translation>正在添加开店模板…</translation>
    </message>
</context>
<context>
    <name>StarterSetDialog</name>
    <message>
        <source>Starter set for your kind of shop</source>
        <translation>按店铺类型的开店模板</translation>
    </message>
    <message>
        <source>Add the chosen parts</source>
        <translation>添加所选内容</translation>
    </message>
</context>
<context>
    <name>StarterSetMenu</name>
    <message>
        <source>Starter set…</source>
        <translation>开店模板…</translation>
    </message>
</context>
<context>
    <name>SurveysTab</name>
    <message>
        <source>Answered</source>
        <translation>填写日期</translation>
    </message>
    <message>
        <source>Satisfaction (1–5)</source>
        <translation>满意度（1–5）</translation>
    </message>
    <message>
        <source>Would recommend (0–10)</source>
        <translation>推荐意愿（0–10）</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>%1 answers</source>
        <translation>共 %1 份回答</translation>
    </message>
</context>
<context>
    <name>SweepView</name>
    <message>
        <source>Checks every stored phone number, ID number, birthday, email and the other fields against today&apos;s rules, as the profile form checks them when typed. Nothing is changed; open a customer to correct them.</source>
        <translation>按现行规则检查所有已存的手机号、身份证号、生日、邮箱等资料，和客户档案输入时的检查相同。检查不会改动任何资料；请打开客户档案更正。</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>All fields</source>
        <translation>全部项目</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Checking stored values</source>
        <translation>资料体检</translation>
    </message>
    <message>
        <source>Checking customers</source>
        <translation>正在检查客户资料</translation>
    </message>
    <message>
        <source>Checked %1 customers: every stored value passes today&apos;s rules.</source>
        <translation>已检查 %1 位客户：所有资料都符合现行规则。</translation>
    </message>
    <message>
        <source>Checked %1 customers: %2 values to look at.</source>
        <translation>已检查 %1 位客户：有 %2 处需要核对。</translation>
    </message>
    <message>
        <source>The first %1 are listed.</source>
        <translation>列出前 %1 处。</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Something unexpected went wrong; the action was not completed. Details: %1</source>
        <translation>出现了意外错误，操作没有完成。详细信息：%1</translation>
    </message>
</context>
<context>
    <name>TierDialog</name>
    <message>
        <source>New tier</source>
        <translation>新建等级</translation>
    </message>
    <message>
        <source>Edit tier</source>
        <translation>修改等级</translation>
    </message>
    <message>
        <source>e.g. Gold</source>
        <translation>例如 金卡</translation>
    </message>
    <message>
        <source>Higher ranks are better tiers; each tier has its own.</source>
        <translation>顺序越大等级越高；每个等级的顺序不能相同。</translation>
    </message>
    <message>
        <source>Spend (yuan)</source>
        <translation>消费金额（元）</translation>
    </message>
    <message>
        <source>Points collected</source>
        <translation>累计积分</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>Price paid</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Points multiplier</source>
        <translation>积分倍率</translation>
    </message>
    <message>
        <source>Earned by</source>
        <translation>升级条件</translation>
    </message>
    <message>
        <source>Counted over</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation>权益</translation>
    </message>
    <message>
        <source>Threshold (points)</source>
        <translation>门槛（积分）</translation>
    </message>
    <message>
        <source>Threshold (yuan)</source>
        <translation>门槛（元）</translation>
    </message>
</context>
<context>
    <name>TierView</name>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Run tier review…</source>
        <translation>执行等级复核…</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Spend (yuan)</source>
        <translation>消费金额（元）</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Upgrades</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Downgrades</source>
        <translation>降级</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Double-click a member to open the profile.</source>
        <translation>双击会员打开客户档案。</translation>
    </message>
    <message>
        <source>Spend and moves from</source>
        <translation>消费和升降统计：从</translation>
    </message>
    <message>
        <source>Pick a tier on the left to see its members.</source>
        <translation>在左侧选择一个等级，查看该等级的会员。</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Upgrades and downgrades per month</source>
        <translation>每月升级和降级</translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
        <source>Tier review done: %1 cards rated, %2 up, %3 down; next review %4.</source>
        <translation>等级复核完成：共评定 %1 张卡，升级 %2 张，降级 %3 张；下次复核日 %4。</translation>
    </message>
    <message>
        <source>Adding up each card&apos;s spending…</source>
        <translation>正在汇总每张卡的消费…</translation>
    </message>
    <message>
        <source>Choosing each card&apos;s tier…</source>
        <translation>正在为每张卡评定等级…</translation>
    </message>
    <message>
        <source>Saving the new tiers…</source>
        <translation>正在保存新的等级…</translation>
    </message>
    <message>
        <source>Tier review</source>
        <translation>等级复核</translation>
    </message>
    <message>
        <source>Members of %1 (%2)</source>
        <translation>%1会员（%2 位）</translation>
    </message>
    <message>
        <source>No members in this tier.</source>
        <translation>该等级暂无会员。</translation>
    </message>
    <message>
        <source>Run tier review</source>
        <translation>等级复核</translation>
    </message>
    <message>
        <source>Re-rate every card by the tier rules now? Cards may move down as well as up.</source>
        <translation>现在按等级规则重新评定所有会员卡吗？会员卡可能升级，也可能降级。</translation>
    </message>
</context>
<context>
    <name>Tiers</name>
    <message>
        <source>no discount</source>
        <translation>不打折</translation>
    </message>
    <message>
        <source>%1% of the price (%2折)</source>
        <translation>%2折（原价的 %1%）</translation>
    </message>
    <message>
        <source>no points</source>
        <translation>不积分</translation>
    </message>
    <message>
        <source>everyone (no threshold)</source>
        <translation>所有会员（无门槛）</translation>
    </message>
    <message>
        <source>%1 points within %2 days</source>
        <translation>%2 天内累计 %1 积分</translation>
    </message>
    <message>
        <source>spend %1 yuan within %2 days</source>
        <translation>%2 天内消费满 %1 元</translation>
    </message>
</context>
<context>
    <name>TiersView</name>
    <message>
        <source>A member moves up as soon as a purchase reaches a tier&apos;s threshold; a new discount applies to their cards at once.</source>
        <translation>消费一达到门槛就立即升级；修改后的折扣立即对该等级的卡生效。</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Earned by</source>
        <translation>升级条件</translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation>权益</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>New tier…</source>
        <translation>新建等级…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Show tiers no longer in use</source>
        <translation>显示已停用等级</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Choose a tier in the list first.</source>
        <translation>请先在列表中选择一个等级。</translation>
    </message>
    <message>
        <source>Tier %1 saved.</source>
        <translation>等级“%1”已保存。</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Scan a card, or type phone digits, a name or pinyin initials in the search box.</source>
        <translation>扫卡，或在搜索框输入手机号、姓名或拼音首字母。</translation>
    </message>
    <message>
        <source>Birthdays (%1 today)</source>
        <translation>生日（今天 %1 位）</translation>
    </message>
    <message>
        <source>Follow-ups due (%1)</source>
        <translation>待回访（%1）</translation>
    </message>
    <message>
        <source>Open complaints (%1)</source>
        <translation>未处理投诉（%1）</translation>
    </message>
    <message>
        <source>Cards expiring this month (%1)</source>
        <translation>本月到期的卡（%1）</translation>
    </message>
    <message>
        <source>Contact details to confirm with the customer (%1)</source>
        <translation>待与客户核对联系方式（%1）</translation>
    </message>
    <message>
        <source>No birthdays this week.</source>
        <translation>本周没有客户过生日。</translation>
    </message>
    <message>
        <source>None today.</source>
        <translation>今天没有。</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Nothing due.</source>
        <translation>暂无。</translation>
    </message>
    <message>
        <source>…and %1 more</source>
        <translation>…还有 %1 条</translation>
    </message>
    <message>
        <source>turns %1</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <source>lunar calendar</source>
        <translation>农历</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>waiting %1 days</source>
        <translation>已等待 %1 天</translation>
    </message>
    <message>
        <source>expired %1 days ago</source>
        <translation>已过期 %1 天</translation>
    </message>
    <message>
        <source>expires today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation>%1 到期</translation>
    </message>
    <message>
        <source>last confirmed %1</source>
        <translation>上次核对 %1</translation>
    </message>
    <message>
        <source>never confirmed, member since %1</source>
        <translation>从未核对，入会 %1</translation>
    </message>
    <message>
        <source>never confirmed</source>
        <translation>从未核对</translation>
    </message>
    <message>
        <source>visit</source>
        <translation>到店</translation>
    </message>
    <message>
        <source>call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
</context>
<context>
    <name>TopUpDialog</name>
    <message>
        <source>Top up card %1</source>
        <translation>卡 %1 充值</translation>
    </message>
    <message>
        <source>Top up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Amount paid in yuan, e.g. 100</source>
        <translation>实收金额（元），如 100</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>充值金额（元）</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Offers</source>
        <translation>充值优惠</translation>
    </message>
    <message>
        <source>No bonus on this card type</source>
        <translation>此卡种没有充值赠送</translation>
    </message>
    <message>
        <source>Pay %1, get %2 free</source>
        <translation>充%1送%2</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>充值前余额</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>充值后余额</translation>
    </message>
    <message>
        <source>Topped up %1 with %2 bonus. Balance now %3.</source>
        <translation>已充值 %1，赠送 %2。当前余额 %3。</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Opening the shop file…</source>
        <translation>正在打开数据文件…</translation>
    </message>
</context>
<context>
    <name>UpkeepBar</name>
    <message>
        <source>Confirmed with the customer</source>
        <translation>已与客户核对</translation>
    </message>
    <message>
        <source>Press after checking the phone number, address and email with the customer.</source>
        <translation>与客户核对过手机号、地址和邮箱后点这里。</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>不再提示</translation>
    </message>
    <message>
        <source>Stop showing an imported value when the field is right as it is.</source>
        <translation>现有资料无误时，不再显示导入时未采用的值。</translation>
    </message>
    <message>
        <source>every %1 months</source>
        <translation>每 %1 个月核对一次</translation>
    </message>
    <message>
        <source>never confirmed</source>
        <translation>从未核对</translation>
    </message>
    <message>
        <source>last confirmed %1</source>
        <translation>上次核对 %1</translation>
    </message>
    <message>
        <source>Please confirm the contact details with the customer (%1; %2).</source>
        <translation>请与客户核对联系方式（%1；%2）。</translation>
    </message>
    <message>
        <source>Contact details confirmed %1</source>
        <translation>联系方式已于 %1 核对</translation>
    </message>
    <message>
        <source>Contact details not confirmed yet</source>
        <translation>联系方式尚未核对</translation>
    </message>
    <message>
        <source>; next check %1 (%2).</source>
        <translation>；下次核对 %1（%2）。</translation>
    </message>
    <message>
        <source>To correct (left out by the import, not valid): %1</source>
        <translation>待更正（导入时有误未采用）：%1</translation>
    </message>
    <message>
        <source>The import left out “%1” here: it was not valid. Please correct it.</source>
        <translation>导入时这里的值“%1”有误，未采用。请更正。</translation>
    </message>
</context>
<context>
    <name>UpkeepMenu</name>
    <message>
        <source>Incomplete profiles…</source>
        <translation>资料不全的客户…</translation>
    </message>
    <message>
        <source>Check stored values…</source>
        <translation>资料体检…</translation>
    </message>
</context>
<context>
    <name>UseCountDialog</name>
    <message>
        <source>Use visits of card %1</source>
        <translation>卡 %1 扣次</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>确认扣次</translation>
    </message>
    <message>
        <source>Service given (optional)</source>
        <translation>服务项目（选填）</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Unlimited visits until %1; this visit is recorded.</source>
        <translation>%1 前不限次数；本次到店会记录下来。</translation>
    </message>
    <message>
        <source>Visits before</source>
        <translation>原剩余次数</translation>
    </message>
    <message>
        <source>Used now</source>
        <translation>本次扣除</translation>
    </message>
    <message>
        <source>Visits after</source>
        <translation>扣后剩余次数</translation>
    </message>
    <message>
        <source>Visit recorded. Visits left: %1.</source>
        <translation>已扣次。剩余次数：%1。</translation>
    </message>
</context>
<context>
    <name>WithdrawConsentDialog</name>
    <message>
        <source>Withdraw marketing consent</source>
        <translation>撤回营销同意</translation>
    </message>
    <message>
        <source>%1 no longer wants marketing messages. From now on they are left off every greeting and promotion list. Their cards and purchases are not affected.</source>
        <translation>%1 不再希望接收营销信息。从现在起，该客户不会出现在任何关怀和促销名单中。会员卡和消费记录不受影响。</translation>
    </message>
    <message>
        <source>They asked via</source>
        <translation>客户撤回的方式</translation>
    </message>
    <message>
        <source>Withdraw consent</source>
        <translation>撤回同意</translation>
    </message>
</context>
<context>
    <name>_MissingFilePage</name>
    <message>
        <source>The shop file is missing</source>
        <translation>找不到数据文件</translation>
    </message>
    <message>
        <source>The key file of the shop file is here, but the data file itself is not:
%1

It may have been moved or renamed, be on a USB drive that is not plugged in, or have been put in quarantine by an antivirus program. No new file is made here: a new file would lock the old data out for good once it comes back.</source>
        <translation>数据文件的密钥文件在这里，但数据文件本身不在：
%1

它可能被移动或改名了，存放在没有插上的 U 盘上，或被杀毒软件隔离了。这里不会新建文件：新建的文件会让旧数据在找回后再也无法打开。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Type your user name and password first. A file you find is copied back here once this key file opens it (the file you choose stays where it is). A backup needs the owner&apos;s password of the time of the backup.</source>
        <translation>请先输入用户名和密码。找到的文件在用这里的密钥文件打开后会复制回这里（您选择的文件留在原处）。从备份恢复需要备份时店主的密码。</translation>
    </message>
    <message>
        <source>Look for the file…</source>
        <translation>查找数据文件…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Type your user name and password first.</source>
        <translation>请先输入用户名和密码。</translation>
    </message>
    <message>
        <source>No backup of this file was found in %1. “Restore from a backup…” can also open one from elsewhere, such as a USB drive.</source>
        <translation>在 %1 中没有找到这个文件的备份。“从备份恢复…”也可以打开别处的备份，例如 U 盘上的。</translation>
    </message>
    <message>
        <source>Newest good backup: %1
%2</source>
        <translation>最近一份完好的备份：%1
%2</translation>
    </message>
</context>
<context>
    <name>_RecoveryPage</name>
    <message>
        <source>Write down the recovery key</source>
        <translation>抄下恢复密钥</translation>
    </message>
    <message>
        <source>If every password is forgotten, only this key opens the file. It is shown only now: write it on paper and keep it somewhere safe.</source>
        <translation>如果所有密码都忘了，只有这个密钥能打开数据文件。它只显示这一次：请抄在纸上，放在安全的地方。</translation>
    </message>
</context>
<context>
    <name>_ShopPage</name>
    <message>
        <source>Create the shop file</source>
        <translation>创建店铺数据文件</translation>
    </message>
    <message>
        <source>Customer files and cards are kept in one encrypted file on this PC. The owner&apos;s password opens it.</source>
        <translation>客户档案和会员卡保存在这台电脑上的一个加密文件里，用店主的密码打开。</translation>
    </message>
    <message>
        <source>Create file</source>
        <translation>创建文件</translation>
    </message>
    <message>
        <source>for example: owner</source>
        <translation>例如：laoban</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <source>Owner user name</source>
        <translation>店主用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件位置</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the password again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
    <message>
        <source>Creating the encrypted file…</source>
        <translation>正在创建加密文件…</translation>
    </message>
</context>
<context>
    <name>_StatusDialog</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Card holds before and after</source>
        <translation>卡内资产（前后不变）</translation>
    </message>
    <message>
        <source>Card %1 is now: %2.</source>
        <translation>卡 %1 当前状态：%2。</translation>
    </message>
</context>
</TS>
