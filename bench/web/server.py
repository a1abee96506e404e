"""The server under test: `mesoclinic serve` on a free loopback port, its processes found
through /proc, their memory read from /proc/PID/status and their CPU time from
/proc/PID/stat, stopped with SIGTERM."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_accepts_workers() -> bool:
    help_text = subprocess.run(
        [str(BIN / "mesoclinic"), "serve", "--help"], capture_output=True, text=True, check=False
    ).stdout
    return "--workers" in help_text


class Server:
    def __init__(self, workers: int, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [str(BIN / "mesoclinic"), "serve", f"127.0.0.1:{self.port}"]
        if workers and serve_accepts_workers():
            command += ["--workers", str(workers)]
        self.log = log.open("w")
        self.process = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"The server exited ({self.process.returncode}); see {self.log.name}."
                )
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"The server did not answer /healthz within {seconds:.0f} s.")

    def processes(self) -> list[int]:
        """The server's process and its descendants (gunicorn's workers)."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                children.setdefault(int(fields[1]), []).append(int(entry.name))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return sorted(found)

    def memory(self) -> list[dict[str, Any]]:
        """VmRSS and VmHWM (the peak) of each server process, in MB."""
        rows = []
        for pid in self.processes():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            rows.append(
                {
                    "pid": pid,
                    "role": "main" if pid == self.process.pid else "worker",
                    "rss_mb": round(int(values["VmRSS"].split()[0]) / 1024, 1),
                    "hwm_mb": round(int(values["VmHWM"].split()[0]) / 1024, 1),
                }
            )
        return rows

    def cpu_seconds(self) -> float:
        """CPU time the server's processes have used so far. A worker recycled by
        max_requests is gone, but its time is in the master's count of reaped children."""
        ticks = 0
        for pid in self.processes():
            try:
                # Fields after the command name's ")": utime, stime, cutime, cstime are the
                # 12th to 15th of them.
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
            ticks += utime + stime + (cutime + cstime if pid == self.process.pid else 0)
        return ticks / CLOCK_TICKS

    def cpu_probe(self) -> tuple[float, float, float, float]:
        """CPU seconds of the server, of this process (the load generator's threads), and of
        the whole machine busy and in all."""
        return (self.cpu_seconds(), sum(os.times()[:2]), *machine_cpu_seconds())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since boot, every core summed."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = values
    busy = user + nice + system + irq + softirq + steal
    return busy / CLOCK_TICKS, (busy + idle + iowait) / CLOCK_TICKS
