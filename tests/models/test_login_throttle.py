"""Wrong passwords slow the next try down; the right one clears the count; no password is kept."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from crm_desktop.models.errors import AuthError
from crm_desktop.models.language import set_language
from crm_desktop.models.opening import open_store
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.login_throttle import LoginThrottle, attempts_path, wait_after
from crm_desktop.models.store.store import Store

PASSWORD = "owner-pass-1"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_wait_grows_after_three_failures_and_stops_at_thirty_seconds() -> None:
    assert [wait_after(n) for n in range(11)] == [0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30]


def test_each_wait_is_announced_and_lifts_when_its_time_has_passed(tmp_path: Path) -> None:
    clock = Clock()
    throttle = LoginThrottle(tmp_path / "shop.crm", clock)
    for _ in range(3):
        throttle.check("boss")
        throttle.failed("boss")
    with pytest.raises(AuthError) as caught:
        throttle.check("boss")
    assert str(caught.value) == "密码已连续输错 3 次，请等 1 秒后再试。"
    clock.now += 1
    throttle.check("boss")
    throttle.failed("boss")
    clock.now += 0.5
    assert throttle.seconds_left("boss") == 2  # 1.5 s left, shown rounded up
    for _ in range(6):
        clock.now += 60
        throttle.failed("boss")
    assert throttle.failures("boss") == 10 and throttle.seconds_left("boss") == 30
    set_language("en")
    with pytest.raises(AuthError) as caught:
        throttle.check("boss")
    assert str(caught.value) == "The password was wrong 10 times in a row; wait 30 seconds and try again."


def test_other_users_are_not_slowed_and_success_clears_the_count(tmp_path: Path) -> None:
    clock = Clock()
    throttle = LoginThrottle(tmp_path / "shop.crm", clock)
    for _ in range(5):
        throttle.failed("boss")
    throttle.check("clerk1")
    assert throttle.seconds_left("boss") == 4
    clock.now += 4
    throttle.succeeded("boss")
    assert throttle.failures("boss") == 0
    throttle.check("boss")


def test_a_clock_set_back_or_an_hour_gone_by_never_locks_anyone_out(tmp_path: Path) -> None:
    clock = Clock()
    throttle = LoginThrottle(tmp_path / "shop.crm", clock)
    for _ in range(4):
        throttle.failed("boss")
    clock.now -= 600  # the clock was put back ten minutes
    assert throttle.seconds_left("boss") == 2
    clock.now += 600 + 3601
    assert throttle.failures("boss") == 0 and throttle.seconds_left("boss") == 0


def test_a_damaged_attempts_file_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "shop.crm"
    attempts_path(db).write_text("{not json", encoding="utf-8")
    throttle = LoginThrottle(db, Clock())
    throttle.check("boss")
    throttle.failed("boss")
    assert throttle.failures("boss") == 1


def test_signing_in_is_slowed_after_three_wrong_passwords_even_for_the_right_one(
    store: Store, db_path: Path
) -> None:
    store.close()
    for wrong in ("wrong-1", "", "密码'\"::🔑" * 40):
        with pytest.raises(AuthError) as caught:
            open_store(db_path, "boss", wrong)
        assert str(caught.value) == "用户名或密码不正确。"
    with pytest.raises(AuthError) as caught:
        open_store(db_path, "boss", PASSWORD)
    assert str(caught.value) == "密码已连续输错 3 次，请等 1 秒后再试。"

    sidecar = attempts_path(db_path)
    kept = sidecar.read_text(encoding="utf-8")
    assert "wrong-1" not in kept and "🔑" not in kept and PASSWORD not in kept
    assert json.loads(kept)["users"]["boss"]["failures"] == 3

    # A second later the right password opens the file and clears the count.
    data = json.loads(kept)
    data["users"]["boss"]["last"] = time.time() - 1.5
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    reopened, actor = open_store(db_path, "boss", PASSWORD)
    reopened.close()
    assert actor.username == "boss"
    assert "boss" not in json.loads(sidecar.read_text(encoding="utf-8"))["users"]


def test_one_user_guessing_does_not_slow_another(store: Store, db_path: Path) -> None:
    owner = store.actor_for("boss")
    UserService(store, owner).add("clerk1", "clerk", "counter-pass-1")
    store.close()
    for _ in range(3):
        with pytest.raises(AuthError):
            open_store(db_path, "boss", "wrong-pass")
    reopened, actor = open_store(db_path, "clerk1", "counter-pass-1")
    reopened.close()
    assert actor.role == "clerk"
    with pytest.raises(AuthError, match="请等 1 秒"):
        open_store(db_path, "boss", PASSWORD)
