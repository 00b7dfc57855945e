"""Production smoke run (``make smoke``): the site as it runs on two machines, checked through
nginx as a browser, an operator and a load balancer see it.

Machine one and machine two each run nginx in front of gunicorn with the production
settings; they share PostgreSQL, Redis, the media buckets (S3), a worker and the mail server
(tests/smoke/topology.py). Each check acts on one machine and looks through the other, or
breaks one dependency of one machine and looks at what still works. Every check leaves
the topology as it found it.
"""

from __future__ import annotations

import io
import json
import re
import time
import uuid
from html import unescape

from PIL import Image

from tests.smoke.browser import Browser, Machine, Response, sign_in, url
from tests.smoke.processes import wait_until
from tests.smoke.topology import QUEUE_LATE_SECONDS, STALE_AFTER_SECONDS, Topology
from tests.support.s3 import http_get


def png(colour: tuple[int, int, int], size: tuple[int, int] = (96, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def centre_colour(content: bytes) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(content)) as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((rgb.width // 2, rgb.height // 2))


def close_to(colour: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 12) -> bool:
    """Re-encoded images (WebP renditions) shift colours a little."""
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def readyz(machine: Machine) -> tuple[int, dict]:
    response = Browser(keep_cookies=False).get(machine, url("readyz"))
    return response.status, json.loads(response.body)


def healthz(machine: Machine) -> int:
    return Browser(keep_cookies=False).get(machine, url("healthz")).status


def signed_in_page(browser: Browser, machine: Machine) -> Response:
    return browser.get(machine, url("members:dashboard"), follow=False)


def request_password_reset(browser: Browser, machine: Machine, address: str) -> None:
    page = browser.get(machine, url("account_reset_password"))
    response = browser.submit(machine, page, "email", {"email": address})
    assert response.status == 302, f"Password reset for {address}: {response.status}"


def queued_emails(topology: Topology, recipients: list[str]) -> dict[str, int]:
    """Outbox rows of ``recipients`` by state."""
    rows = topology.sql(
        'SELECT state, count(*) FROM outbox_outboxemail WHERE "to" ?| %s GROUP BY state',
        (recipients,),
    )
    return dict(rows)


# --- The topology answers -----------------------------------------------------------------


def test_both_machines_are_healthy_and_ready_through_nginx(one, two):
    for machine in (one, two):
        status, body = readyz(machine)

        assert healthz(machine) == 200, machine.name
        assert (status, body["status"]) == (200, "ok"), (machine.name, body)


# --- 1. Media shared through S3 ------------------------------------------------------------


def test_an_image_uploaded_in_the_admin_of_one_machine_is_served_through_the_other(
    topology, admin, one, two
):
    title = f"Smoke {uuid.uuid4().hex[:8]}"
    colour = (200, 40, 90)
    original = png(colour)
    page = admin.get(one, url("wagtailimages:add"))
    response = admin.submit(
        one, page, "title", {"title": title}, files={"file": ("smoke.png", original, "image/png")}
    )
    assert response.status == 302, f"The upload was refused: {response.text[:3000]}"
    [(image_id, file_name)] = topology.sql(
        "SELECT id, file FROM wagtailimages_image WHERE title = %s", (title,)
    )

    # Machine two's admin makes its preview from the original that machine one stored.
    edit = admin.get(two, url("wagtailimages:edit", image_id))
    assert edit.status == 200, edit
    bucket = f"{topology.s3_endpoint}/udr-smoke-public/"
    renditions = [
        unescape(src)
        for src in re.findall(r'<img[^>]+src="([^"]+)"', edit.text)
        if unescape(src).startswith(bucket + "images/")
    ]
    assert renditions, f"No rendition from the public bucket on {edit.path}:\n{edit.text[:3000]}"
    status, headers, body = http_get(renditions[0])
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert close_to(centre_colour(body), colour)
    # The original is public too, as uploaded.
    status, _, body = http_get(bucket + file_name)
    assert (status, body) == (200, original)


def test_a_profile_photo_uploaded_through_one_machine_is_shown_through_the_other_and_nowhere_public(
    topology, one, two
):
    account = topology.facts["professionals"][0]
    member = Browser()
    assert sign_in(member, one, account["email"], account["password"]).status == 302
    colour = (30, 150, 60)
    edit = member.get(one, url("members:pro-profile-edit"))
    response = member.submit(
        one, edit, "avatar", files={"avatar": ("moi.png", png(colour), "image/png")}
    )
    assert response.status == 302, f"The photo was refused: {response.text[:3000]}"

    profile = member.get(two, url("members:pro-profile"))
    [(user_id,)] = topology.sql("SELECT id FROM members_user WHERE email = %s", (account["email"],))
    photos_of_user = url("members:avatar", user_id, "name").rpartition("/")[0] + "/"
    photos = re.findall(rf'src="({re.escape(photos_of_user)}[^"]+)"', profile.text)
    assert photos, f"No photo on the profile page:\n{profile.text[:3000]}"
    photo = unescape(photos[0])
    answer = member.get(two, photo, follow=False)
    # A short-lived signed address of the private bucket.
    assert answer.status == 302, answer
    assert answer.location.startswith(f"{topology.s3_endpoint}/udr-smoke-private/")
    status, _, body = http_get(answer.location)
    assert status == 200
    assert close_to(centre_colour(body), colour)

    # Nobody else gets it: not a visitor through the site, not anyone without the signature.
    visitor = Browser(keep_cookies=False).get(two, photo, follow=False)
    assert visitor.status in (302, 403, 404), visitor
    assert not visitor.headers.get("Location", "").startswith(topology.s3_endpoint)
    status, _, _ = http_get(answer.location.split("?")[0])
    assert status == 403


# --- 2. Withdrawn content -----------------------------------------------------------------


def test_a_page_unpublished_through_one_machine_is_gone_at_once_through_the_other(
    topology, admin, one, two
):
    story = topology.facts["story"]
    visitor = Browser(keep_cookies=False)
    first = visitor.get(two, story["url"])
    assert first.status == 200, first
    etag = first.headers["ETag"]
    # Machine two has it in the page cache: the same copy, not built again.
    assert visitor.get(two, story["url"], headers={"If-None-Match": etag}).status == 304

    confirm = admin.get(one, url("wagtailadmin_pages:unpublish", story["id"]))
    response = admin.submit(one, confirm, "csrfmiddlewaretoken")
    assert response.status == 302, f"Unpublishing failed: {response.text[:3000]}"

    assert visitor.get(two, story["url"], headers={"If-None-Match": etag}).status == 404
    assert visitor.get(one, story["url"]).status == 404


# --- 3. Sessions ----------------------------------------------------------------------------


def test_a_session_opened_on_one_machine_is_valid_on_the_other_and_closed_on_both(
    topology, one, two
):
    account = topology.facts["professionals"][1]
    member = Browser()
    assert sign_in(member, one, account["email"], account["password"]).status == 302

    assert signed_in_page(member, two).status == 200

    page = member.get(two, url("account_logout"))
    assert member.submit(two, page, "csrfmiddlewaretoken").status == 302
    assert signed_in_page(member, one).location.startswith(url("account_login"))


# --- 4. Sign-in limits count each client behind the proxy -----------------------------------


def test_ten_failed_sign_ins_on_an_account_leave_its_owner_free_from_another_address(
    topology, one, two
):
    account = topology.facts["professionals"][-1]
    # nginx sees each client's own address: any of 127.0.0.0/8 is a different client.
    attacker, owner = Browser("127.0.0.2"), Browser("127.0.0.3")
    for attempt in range(10):
        machine = (one, two)[attempt % 2]
        page = attacker.get(machine, url("account_login"))
        response = attacker.submit(
            machine,
            page,
            "login",
            {"login": account["email"], "password": "pas-le-bon-mot-de-passe"},
        )
        assert response.status in (200, 429), f"Attempt {attempt + 1}: {response}"

    # The failures were counted against the pair (attacker's address, account), on both
    # machines alike: even the right password is refused from there…
    for machine in (one, two):
        response = sign_in(attacker, machine, account["email"], account["password"])
        assert response.status != 302, f"Signed in from a locked pair through {machine.name}"
        assert signed_in_page(attacker, machine).status == 302
    attempts = topology.sql(
        "SELECT host(ip_address), sum(failures_since_start) FROM axes_accessattempt "
        "GROUP BY ip_address"
    )
    assert dict(attempts).get("127.0.0.2", 0) >= 5, attempts
    assert "127.0.0.1" not in dict(attempts), "nginx's own address was counted"

    # …while the owner, from another address, signs in.
    response = sign_in(owner, two, account["email"], account["password"])
    assert response.status == 302, f"The owner was refused: {response.text[:2000]}"
    assert signed_in_page(owner, one).status == 200


# --- 5. Emails survive a killed worker --------------------------------------------------------


def test_a_worker_killed_mid_queue_then_restarted_delivers_every_email_exactly_once(topology, one):
    sink = topology.sink
    run = uuid.uuid4().hex[:8]
    recipients = [f"smoke-{run}-{number}@example.org" for number in range(12)]
    held = recipients[3]
    sender = Browser("127.0.0.4")
    topology.worker.stop()
    try:
        # Twelve emails queued by the site (allauth's password reset, through the outbox).
        for address in recipients:
            request_password_reset(sender, one, address)
        assert queued_emails(topology, recipients) == {"queued": 12}

        # The worker sends the first ones, then is killed while talking to the mail server.
        sink.hold(held)
        topology.start_worker()
        assert sink.held.wait(120), f"The worker never reached {held}:\n{topology.worker.tail()}"
        topology.worker.kill()
        killed_at = time.monotonic()
        sink.release()
        before = sink.received_by(set(recipients))
        assert before[held] == 0
        assert sum(before.values()) < len(recipients) - 1, "nothing was left in the queue"

        # Restarted, it sends what was waiting.
        topology.start_worker()
        others = set(recipients) - {held}
        assert sink.wait_for_recipients(others, 120), sink.received_by(set(recipients))
        # The email under way when the worker died is taken up again once its task is stale,
        # by the command that systemd's timer runs every few minutes.
        time.sleep(max(0.0, killed_at + STALE_AFTER_SECONDS + 0.5 - time.monotonic()))
        topology.manage("recover_stale_tasks")
        assert sink.wait_for_recipients({held}, 60), topology.worker.tail()
    finally:
        sink.release()
        if not topology.worker.running:
            topology.start_worker()

    topology.wait_for_idle_queue(60)
    assert sink.received_by(set(recipients)) == dict.fromkeys(recipients, 1)
    assert queued_emails(topology, recipients) == {"sent": 12}


# --- 6. Redis unreachable for one machine ----------------------------------------------------


def test_a_machine_cut_off_from_redis_keeps_serving_public_pages_and_sign_in(topology, two):
    facts = topology.facts
    visitor = Browser(keep_cookies=False)
    account = facts["professionals"][0]
    member = Browser("127.0.0.6")
    with topology.redis_relay.cut_off():
        for page in ("home", "story_index", "other_story"):
            path = facts[page]["url"]
            response = visitor.get(two, path)
            assert response.status == 200, f"{path} without Redis: {response}"
        assert sign_in(member, two, account["email"], account["password"]).status == 302
        assert signed_in_page(member, two).status == 200


# --- 7. /readyz says what is wrong, /healthz stays up ------------------------------------------


def test_readyz_reports_the_cache_unreachable_on_that_machine_only(topology, one, two):
    with topology.redis_relay.cut_off():
        status, body = readyz(two)
        assert healthz(two) == 200

    assert (status, body["status"]) == (200, "degraded"), body
    assert body["checks"]["cache"]["status"] == "failing", body
    assert body["checks"]["database"]["status"] == "ok", body
    status, body = readyz(one)
    assert body["checks"]["cache"]["status"] == "ok", body
    # Back once Redis is reachable again (a failed process skips Redis a few seconds).
    assert wait_until(lambda: readyz(two)[1]["checks"]["cache"]["status"] == "ok", 30, 0.5)


def test_readyz_reports_the_database_unreachable_and_cached_pages_still_answer(topology, one, two):
    path = topology.facts["other_story"]["url"]
    visitor = Browser(keep_cookies=False)
    assert visitor.get(two, path).status == 200  # now in the shared page cache
    with topology.database_relay.cut_off():
        status, body = readyz(two)
        health = healthz(two)
        cached = visitor.get(two, path)
        uncached = visitor.get(
            two, f"{topology.facts['story_index']['url']}?smoke={uuid.uuid4().hex}"
        )
        other_machine = readyz(one)

    assert (status, body["status"]) == (503, "failing"), body
    assert body["checks"]["database"]["status"] == "failing", body
    assert health == 200
    assert cached.status == 200
    # Django's own 503 page, passed through by nginx (not its maintenance page).
    assert uncached.status == 503, uncached
    assert uncached.headers["Retry-After"]
    assert other_machine[0] == 200, other_machine
    assert wait_until(lambda: readyz(two)[0] == 200, 30, 0.5)


def test_readyz_reports_a_late_queue_while_the_worker_is_stopped(topology, one, two):
    address = f"smoke-late-{uuid.uuid4().hex[:8]}@example.org"
    with topology.worker_stopped():
        request_password_reset(Browser("127.0.0.5"), one, address)

        def late() -> bool:
            return readyz(one)[1]["checks"]["queue"]["status"] == "late"

        assert wait_until(late, QUEUE_LATE_SECONDS + 15, 0.5), readyz(one)
        status, body = readyz(two)
        assert healthz(one) == 200

    assert (status, body["status"]) == (200, "degraded"), body
    assert body["checks"]["queue"]["status"] == "late", body
    # The worker back, the email leaves and the queue is on time again.
    assert topology.sink.wait_for_recipients({address}, 120), topology.worker.tail()
    assert wait_until(lambda: readyz(one)[1]["checks"]["queue"]["status"] == "ok", 30, 0.5)
