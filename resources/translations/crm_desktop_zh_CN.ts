<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddStaffDialog</name>
    <message>
        <source>Add a staff account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. xiaoli</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least 6 characters. The new user signs in with it at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished">用户名</translation>
    </message>
    <message>
        <source>Name shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished">密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation type="unfinished">再次输入密码</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>New customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer tags changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membership ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membership restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card frozen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card unfrozen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card reported lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost card found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card PIN set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance adjusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired cards closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purchases imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact logged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feedback recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feedback status changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Survey answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers contacted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New card type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card type edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password set by owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own password changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovered with the recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shop file created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New recovery key</source>
        <translation type="unfinished">新的恢复密钥</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cards and money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds and purchases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts and follow-ups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shop file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Survey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished">等级</translation>
    </message>
    <message>
        <source>Staff account</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>All users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To see one record, choose its kind and type its number (digits).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the latest %1 entries; narrow the filters to see older ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 entries.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CancelCardDialog</name>
    <message>
        <source>Cancel card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the card is cancelled (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay back by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid back (paid money)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonus forfeited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card cancelled. Pay the customer %1 by %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardActionDialog</name>
    <message>
        <source>No card</source>
        <extracomment>Whether the action takes the card&apos;s payment PIN (asked only when the card has one).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6 digits, typed by the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">取消</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardTypeDialog</name>
    <message>
        <source>New card type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit card type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Stored-value card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Car wash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On sale (new cards can be issued)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-up of (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonus given (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the chosen rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A top-up gets the bonus of the highest rule it reaches, once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">姓名</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-up bonus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonus rule %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardTypes</name>
    <message>
        <source>Stored value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits (count card)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period (month/year card)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pay %1, get %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardTypesView</name>
    <message>
        <source>What the shop sells. A card type with cards issued keeps its kind; take it off sale instead of deleting it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">姓名</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-up bonus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">状态</translation>
    </message>
    <message>
        <source>New card type…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show those off sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a card type in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card type %1 saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardsTab</name>
    <message>
        <source>Card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished">等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">状态</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least 6 characters. Use it from the next sign-in and unlock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password</source>
        <translation type="unfinished">新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation type="unfinished">再次输入新密码</translation>
    </message>
    <message>
        <source>Type your current password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords are not the same; type the new password again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangeTierDialog</name>
    <message>
        <source>Change the tier of card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (pays %2%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the tier changes (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished">等级</translation>
    </message>
    <message>
        <source>Card %1 is now in tier %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsumeDialog</name>
    <message>
        <source>Purchase on card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Book purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List price in yuan, before discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was bought (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discount (%1, pays %2%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The balance does not cover this; choose another way to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booked %1 (discount %2), %3 points. Balance now %4.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerForm</name>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a whole new number instead of the masked one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lunar calendar birthday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Province</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>City</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Street address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer kind and source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Individual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Industry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Questionnaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">手机</translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone or card number of the member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cares most about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished">标签</translation>
    </message>
    <message>
        <source>Interests, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agrees to receive offers and greetings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agreed via</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last changed %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent given %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No member has this phone or card number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone, name, pinyin initials or card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer chosen yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">姓名</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open their file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card for: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody found; choose New customer to add them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This phone is already on file for %1.</source>
        <translation type="unfinished"></translation>
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
    <name>FreezeDialog</name>
    <message>
        <source>Unfreeze card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfreeze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssueCardDialog</name>
    <message>
        <source>Issue a membership card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next: check and confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">取消</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the card, or leave empty for a new number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, e.g. 500</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: 6 digits the customer chooses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agrees to receive offers and greetings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished">等级</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card fee (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First top-up (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No card type is on sale yet; the owner adds them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (new customer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First top-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card will hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue card and charge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card %1 issued to %2. It holds: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LedgerTab</name>
    <message>
        <source>Stored value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid money after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonus after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits after</source>
        <translation type="unfinished"></translation>
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
    <name>OwnerMenu</name>
    <message>
        <source>Staff accounts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card types…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tiers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shop settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shop settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Older purchases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund the selected purchase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 purchases shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale (refunded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the purchase to refund first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptButtons</name>
    <message>
        <source>Print receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save receipt as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receipt-%1.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished">PDF 文件 (*.pdf)</translation>
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
        <source>Cancel</source>
        <translation>取消</translation>
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
    <message>
        <source>Opening the shop file…</source>
        <translation>正在打开数据文件…</translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gift or what the points pay for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redeemed %1 points (worth %2). Points left: %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund a purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purchase of %1, paid %2 by %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the customer is refunded (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points taken back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits given back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded %1 by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance now %1, points %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplaceDialog</name>
    <message>
        <source>Replace card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the new card, or leave empty for a new number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 when free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacement fee (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee paid by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New card will hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old card becomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New card %1 holds %2. Old card %3 is replaced and can no longer be used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportLostDialog</name>
    <message>
        <source>Card %1 found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report card %1 lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where or when it was lost (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card %1 is reported lost; nothing can be paid with it. Replace it to move everything to a new card.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>New password for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password</source>
        <translation type="unfinished">新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation type="unfinished">再次输入新密码</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>Role of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShopSettingsView</name>
    <message>
        <source>e.g. 021-12345678</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shop details (printed on receipts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation type="unfinished">店铺名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">手机</translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points per yuan spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points needed for 1 yuan off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix (digits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length with check digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after idle for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo my changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spending 100 yuan earns %1 points; %2 points take 1 yuan off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(does not fit)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffAccounts</name>
    <message>
        <source>Owner</source>
        <translation type="unfinished">店主</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation type="unfinished">前台</translation>
    </message>
    <message>
        <source>Accountant</source>
        <translation type="unfinished">会计</translation>
    </message>
    <message>
        <source>The two passwords are not the same; type the new password again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffAccountsView</name>
    <message>
        <source>Each person signs in with their own account. Clerks serve customers; accountants read and export; owners manage everything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished">用户名</translation>
    </message>
    <message>
        <source>Name shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished">密码</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a new password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show removed accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing: set a new one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 added; it can sign in now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password for %1 saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are signed in with this account; another owner changes its role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role of %1 changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are signed in with this account; another owner removes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the account %1? It can no longer sign in; what it did stays in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an account in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account was removed; add a new one instead.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Higher ranks are better tiers; each tier has its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spend (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points collected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">姓名</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points multiplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earned by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold (points)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tiers</name>
    <message>
        <source>no discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% of the price (%2折)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>everyone (no threshold)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 points within %2 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spend %1 yuan within %2 days</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TiersView</name>
    <message>
        <source>A member moves up as soon as a purchase reaches a tier&apos;s threshold; a new discount applies to their cards at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">姓名</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earned by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">状态</translation>
    </message>
    <message>
        <source>New tier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show tiers no longer in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a tier in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier %1 saved.</source>
        <translation type="unfinished"></translation>
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
    <name>TodayView</name>
    <message>
        <source>Today</source>
        <translation type="unfinished">今日</translation>
    </message>
    <message>
        <source>Scan a card, or type phone digits, a name or pinyin initials in the search box.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthdays (%1 today)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-ups due (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open complaints (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cards expiring this month (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No birthdays this week.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>turns %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lunar calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting %1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired %1 days ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fri</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sun</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TopUpDialog</name>
    <message>
        <source>Top up card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount paid in yuan, e.g. 100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bonus on this card type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay %1, get %2 free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topped up %1 with %2 bonus. Balance now %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UseCountDialog</name>
    <message>
        <source>Use visits of card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service given (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlimited visits until %1; this visit is recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit recorded. Visits left: %1.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished">状态</translation>
    </message>
    <message>
        <source>Card holds before and after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card %1 is now: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
