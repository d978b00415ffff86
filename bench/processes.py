"""CPU time and peak memory of a bot's process tree: the bot and every process it started (the
PDF worker, multiprocessing's resource tracker), read from /proc (Linux).

CPU: the user and system time of every process of the tree that is alive (or a zombie), plus
the time of the children each has reaped (`cutime`, `cstime`), so a worker that ended within
the window is still counted, once. Memory: each process's peak resident set (`VmHWM`), read
every half second while the run goes on, so a worker that ends before the bot is still there;
the peaks are added up per role ("bot 180 + worker 60"). Pages two processes share count in
both, so the sum is an upper bound of what the tree held at any one moment.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (the state is field 0)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:  # gone
        return None


def parents() -> dict[int, int]:
    """Every process's parent, by process id."""
    found: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                found[int(entry.name)] = int(fields[1])
    return found


def descendants(pid: int) -> list[int]:
    """The processes `pid` started, and the ones they started, and so on."""
    children: dict[int, list[int]] = {}
    for child, parent in parents().items():
        children.setdefault(parent, []).append(child)
    found: list[int] = []
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo += children.get(child, [])
    return found


def cpu_seconds(pid: int, *, with_reaped_children: bool = True) -> float:
    """User plus system CPU time the process has used so far (and its reaped children's)."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    used = int(fields[11]) + int(fields[12])
    if with_reaped_children:
        used += int(fields[13]) + int(fields[14])
    return used / TICKS


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set so far (VmHWM), or None when it is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None  # a zombie keeps its stat but no memory


def role_of(pid: int) -> str:
    """What a process of a bot's tree is, from its command line."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "worker"
    if "resource_tracker" in command:
        return "tracker"
    if "forkserver" in command:
        return "forkserver"
    return "worker"


class ProcessTree:
    """One bot process and what it starts, watched while a measurement runs."""

    def __init__(self, pid: int, name: str = "bot") -> None:
        self.pid, self.name = pid, name
        self.peaks: dict[int, tuple[str, float]] = {}  # pid -> (role, peak RSS MB)

    def pids(self) -> list[int]:
        return [self.pid, *descendants(self.pid)]

    def cpu_seconds(self) -> float:
        """CPU time of the whole tree so far (see the module's note)."""
        return sum(cpu_seconds(pid) for pid in self.pids())

    def sample(self) -> None:
        """Note every process's peak memory so far (the kernel keeps the peak; a process that
        has ended keeps the last figure read)."""
        for pid in self.pids():
            peak = peak_rss_mb(pid)
            if peak is not None:
                role = self.name if pid == self.pid else role_of(pid)
                self.peaks[pid] = (role, max(peak, self.peaks.get(pid, ("", 0.0))[1]))

    def parts(self) -> dict[str, float]:
        """Peak RSS in MB by role, the bot first: {"bot": 180.0, "worker": 60.0}."""
        by_role: dict[str, float] = {self.name: 0.0}
        for role, peak in self.peaks.values():
            by_role[role] = by_role.get(role, 0.0) + peak
        return by_role

    def total_mb(self) -> float:
        return sum(self.parts().values())

    def describe(self) -> str:
        """ "bot 180 + worker 60" (MB)."""
        return " + ".join(f"{role} {mb:.0f}" for role, mb in self.parts().items())


def total_cpu_seconds(trees: Iterable[ProcessTree]) -> float:
    return sum(tree.cpu_seconds() for tree in trees)


@contextlib.asynccontextmanager
async def watching(trees: list[ProcessTree], every: float = 0.5) -> AsyncIterator[None]:
    """Sample the trees' memory every `every` seconds while the block runs, and once at its end
    (before the bots are stopped: their memory is gone after)."""

    async def sampler() -> None:
        while True:
            for tree in trees:
                tree.sample()
            await asyncio.sleep(every)

    task = asyncio.create_task(sampler())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        for tree in trees:
            tree.sample()
