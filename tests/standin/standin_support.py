"""Shared constants and helpers of the stand-in tests (imported by name, unlike conftest)."""

from __future__ import annotations

from typing import Any

from aiogram.client.session.aiohttp import AiohttpSession
from aiohttp import ClientSession

TOKEN = "42:TEST"
USER = 1001


class LoopbackSession(AiohttpSession):
    """aiogram's session minus the 0.25 s sleep on close meant for TLS, pointless on loopback."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class RawApi:
    """Posts arbitrary requests, for things aiogram itself would never send."""

    def __init__(self, base_url: str, session: ClientSession) -> None:
        self.base_url, self.session = base_url, session

    async def __call__(
        self, method: str, token: str = TOKEN, **params: Any
    ) -> tuple[int, dict[str, Any]]:
        url = f"{self.base_url}/bot{token}/{method}"
        async with self.session.post(url, data={k: str(v) for k, v in params.items()}) as resp:
            return resp.status, await resp.json()

    async def json(self, method: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        async with self.session.post(f"{self.base_url}/bot{TOKEN}/{method}", json=body) as resp:
            return resp.status, await resp.json()
