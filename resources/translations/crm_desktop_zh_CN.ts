<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
    <name>CustomerPlaceholderPanel</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>CustomerSearchPanel</name>
    <message>
        <source>Scan a card, or type a phone number, a name or pinyin initials (zs)</source>
        <translation>刷卡，或输入手机号、姓名、拼音首字母（如 zs）</translation>
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
    <name>FirstRunWizard</name>
    <message>
        <source>Welcome — first start</source>
        <translation>欢迎使用 — 首次设置</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Signed in as %1. Type your password to continue where you left off.</source>
        <translation>当前登录：%1。输入密码后回到离开时的位置继续操作。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
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
        <source>Type your password.</source>
        <translation>请输入密码。</translation>
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
        <source>Cancel</source>
        <translation>取消</translation>
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
        <source>Opening the shop file…</source>
        <translation>正在打开数据文件…</translation>
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
    <message>
        <source>Membership cards and customer files, version %1.</source>
        <translation>会员卡与客户档案，版本 %1。</translation>
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
    <name>TaskRunner</name>
    <message>
        <source>Something unexpected went wrong; the action was not completed. Details: %1</source>
        <translation>出现了意外错误，操作没有完成。详细信息：%1</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>At the counter</source>
        <translation>前台操作提示</translation>
    </message>
    <message>
        <source>Scan a card: its holder opens at once.</source>
        <translation>刷卡：立即打开持卡客户。</translation>
    </message>
    <message>
        <source>Type phone digits, a name, or pinyin initials such as zs for 张三.</source>
        <translation>输入手机号码、姓名或拼音首字母（例如 zs 查找张三）。</translation>
    </message>
    <message>
        <source>Down arrow moves into the list; Enter opens the customer.</source>
        <translation>按向下键进入列表，按回车打开客户。</translation>
    </message>
    <message>
        <source>Esc clears the search box; F3 brings the cursor back to it.</source>
        <translation>按 Esc 清空搜索框；按 F3 回到搜索框。</translation>
    </message>
    <message>
        <source>Ctrl+L locks the screen when you step away.</source>
        <translation>离开时按 Ctrl+L 锁定屏幕。</translation>
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
        <source>Customer files and cards are kept in one encrypted file on this PC. The owner's password opens it.</source>
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
</TS>
