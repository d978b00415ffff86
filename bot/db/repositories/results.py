"""Results: each finished scan's assessment, with the answers and rules version it was made
with.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import Result


async def latest_result(session: AsyncSession, *, user_id: int) -> Result | None:
    statement = (
        select(Result).where(Result.user_id == user_id).order_by(col(Result.id).desc()).limit(1)
    )
    return (await session.exec(statement)).first()


async def latest_result_if(session: AsyncSession, *, user_id: int, result_id: int) -> Result | None:
    """The owner's latest result, only if it is `result_id` (a button's result, still current)."""
    result = await latest_result(session, user_id=user_id)
    return result if result is not None and result.id == result_id else None


async def latest_result_id(session: AsyncSession, *, user_id: int) -> int | None:
    statement = select(func.max(Result.id)).where(Result.user_id == user_id)
    return (await session.exec(statement)).one()


async def store_result(
    session: AsyncSession,
    *,
    user_id: int,
    session_id: int | None,
    answers: dict[str, Any],
    rules_version: str,
    level: str,
    contribution_pct: float,
    assessment: dict[str, Any],
) -> Result:
    result = Result(
        user_id=user_id,
        session_id=session_id,
        rules_version=rules_version,
        level=level,
        contribution_pct=contribution_pct,
        answers_json=json.dumps(answers, ensure_ascii=False, sort_keys=True),
        assessment_json=json.dumps(assessment, sort_keys=True),
    )
    session.add(result)
    await session.flush()
    return result


async def own_result(session: AsyncSession, *, user_id: int, result_id: int) -> Result | None:
    """The result `result_id` if it is this owner's (a button may carry any id)."""
    result = await session.get(Result, result_id)
    return result if result is not None and result.user_id == user_id else None
