"""``/_standin/...``: drive the stand-in's user side over HTTP from another process.

All bodies are JSON. Endpoints (POST unless noted):

* ``users`` {user_id, first_name?, language_code?, username?}
* ``send`` {user_id, text} -> the update;  ``say`` {user_id, text, timeout?} -> the replies
* ``press`` {user_id, label, message_id?};  ``tap`` {user_id, label, message_id?, timeout?}
* ``press_data`` {user_id, data, message_id};  ``update`` {raw update}
* ``wait_reply`` {chat_id, timeout?, allow_empty?} -> the replies
* ``block`` {user_id, deactivated?};  ``unblock`` {user_id}
* ``fail_next`` {method, error, times?, retry_after?, chat_id?}
* GET ``messages?chat_id=``, GET ``outgoing?chat_id=&since=``, GET ``errors``, GET ``stats``
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from standin.server import StandIn

Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


def add_routes(app: web.Application, s: StandIn) -> None:
    async def body(request: web.Request) -> dict[str, Any]:
        data = await request.json() if request.can_read_body else {}
        if not isinstance(data, dict):
            raise web.HTTPBadRequest(text="JSON object expected")
        return data

    def post(name: str) -> Callable[[Route], Route]:
        def register(fn: Route) -> Route:
            async def guarded(request: web.Request) -> web.StreamResponse:
                try:
                    return await fn(request)
                except (LookupError, ValueError) as exc:
                    return web.json_response({"ok": False, "error": str(exc)}, status=400)
                except TimeoutError as exc:
                    return web.json_response({"ok": False, "error": str(exc)}, status=504)

            app.router.add_post(f"/_standin/{name}", guarded)
            return fn

        return register

    def ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    def replies(items: list[Any]) -> web.Response:
        return ok([o.to_json() for o in items])

    @post("users")
    async def users(request: web.Request) -> web.Response:
        d = await body(request)
        s.add_user(
            int(d["user_id"]),
            first_name=d.get("first_name", "Ilse"),
            language_code=d.get("language_code", "nl"),
            username=d.get("username"),
        )
        return ok(True)

    @post("send")
    async def send(request: web.Request) -> web.Response:
        d = await body(request)
        return ok(await s.send_text(int(d["user_id"]), d["text"]))

    @post("say")
    async def say(request: web.Request) -> web.Response:
        d = await body(request)
        return replies(await s.say(int(d["user_id"]), d["text"], timeout=d.get("timeout", 10)))

    @post("press")
    async def press(request: web.Request) -> web.Response:
        d = await body(request)
        return ok(await s.press(int(d["user_id"]), d["label"], message_id=d.get("message_id")))

    @post("tap")
    async def tap(request: web.Request) -> web.Response:
        d = await body(request)
        items = await s.tap(
            int(d["user_id"]),
            d["label"],
            message_id=d.get("message_id"),
            timeout=d.get("timeout", 10),
        )
        return replies(items)

    @post("press_data")
    async def press_data(request: web.Request) -> web.Response:
        d = await body(request)
        update = await s.press_data(int(d["user_id"]), d["data"], message_id=d["message_id"])
        return ok(update)

    @post("update")
    async def update(request: web.Request) -> web.Response:
        return ok(await s.send_update(await body(request)))

    @post("wait_reply")
    async def wait_reply(request: web.Request) -> web.Response:
        d = await body(request)
        items = await s.wait_reply(
            int(d["chat_id"]),
            timeout=d.get("timeout", 10),
            allow_empty=d.get("allow_empty", False),
        )
        return replies(items)

    @post("block")
    async def block(request: web.Request) -> web.Response:
        d = await body(request)
        s.block_user(int(d["user_id"]), deactivated=d.get("deactivated", False))
        return ok(True)

    @post("unblock")
    async def unblock(request: web.Request) -> web.Response:
        s.unblock_user(int((await body(request))["user_id"]))
        return ok(True)

    @post("fail_next")
    async def fail_next(request: web.Request) -> web.Response:
        d = await body(request)
        s.fail_next(
            d["method"],
            str(d["error"]),
            times=d.get("times", 1),
            retry_after=d.get("retry_after"),
            chat_id=d.get("chat_id"),
        )
        return ok(True)

    async def messages(request: web.Request) -> web.Response:
        chat_id = int(request.query["chat_id"])
        return ok([m.to_json() for m in s.chat(chat_id)])

    async def outgoing(request: web.Request) -> web.Response:
        chat_id = request.query.get("chat_id")
        items = s.outgoing(int(chat_id) if chat_id else None)
        return replies(items[int(request.query.get("since", 0)) :])

    async def errors(request: web.Request) -> web.Response:
        return ok(s.errors)

    async def stats(request: web.Request) -> web.Response:
        return ok(s.rate_stats())

    app.router.add_get("/_standin/messages", messages)
    app.router.add_get("/_standin/outgoing", outgoing)
    app.router.add_get("/_standin/errors", errors)
    app.router.add_get("/_standin/stats", stats)
