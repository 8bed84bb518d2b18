"""What each role may do; services check these, whatever the buttons show."""

from __future__ import annotations

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import PermissionDenied

OWNER, CLERK, ACCOUNTANT = "owner", "clerk", "accountant"
ALL_ROLES = frozenset({OWNER, CLERK, ACCOUNTANT})

PERMISSIONS: dict[str, frozenset[str]] = {
    "customer.read": ALL_ROLES,
    "customer.write": frozenset({OWNER, CLERK}),
    "customer.delete": frozenset({OWNER}),
    "customer.member_since": frozenset({OWNER}),
    "customer.merge": frozenset({OWNER}),
    "card.read": ALL_ROLES,
    "card.operate": frozenset({OWNER, CLERK}),
    "card.adjust": frozenset({OWNER}),
    "engagement.write": frozenset({OWNER, CLERK}),
    "catalog.manage": frozenset({OWNER}),
    "settings.manage": frozenset({OWNER}),
    "user.manage": frozenset({OWNER}),
    # Every signed-in user may change their own password.
    "account.own": ALL_ROLES,
    "audit.read": frozenset({OWNER, ACCOUNTANT}),
    "export.bulk": frozenset({OWNER, ACCOUNTANT}),
    "pii.full": frozenset({OWNER}),
    "data.bulk_load": frozenset({OWNER}),
    "shift.operate": frozenset({OWNER, CLERK}),
    "day.close": frozenset({OWNER}),
}

_ACTIONS_ZH = {
    "customer.write": "修改客户档案",
    "customer.delete": "删除客户",
    "customer.member_since": "更正入会日期",
    "customer.merge": "合并客户档案",
    "card.operate": "办理会员卡业务",
    "card.adjust": "调整余额",
    "engagement.write": "记录互动和反馈",
    "catalog.manage": "管理卡种和等级",
    "settings.manage": "修改店铺设置",
    "user.manage": "管理员工账号",
    "audit.read": "查看操作日志",
    "export.bulk": "批量导出",
    "data.bulk_load": "批量导入",
    "pii.full": "查看完整的电话和证件号码",
    "shift.operate": "开班和交班",
    "day.close": "日结或重新打开营业日",
}
_ROLE_ZH = {OWNER: "店主", CLERK: "前台", ACCOUNTANT: "会计"}


def allowed(actor: Actor, permission: str) -> bool:
    return actor.role in PERMISSIONS[permission]


def require(actor: Actor, permission: str) -> None:
    """Raise PermissionDenied with a sentence naming the role and the action."""
    if allowed(actor, permission):
        return
    what_zh = _ACTIONS_ZH.get(permission, permission)
    raise PermissionDenied(
        "permission.denied",
        f"{_ROLE_ZH.get(actor.role, actor.role)}账号无权{what_zh}。",
        f"A {actor.role} account may not do this ({permission}).",
    )
