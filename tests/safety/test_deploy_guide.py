"""The configuration the deployment guide gives is accepted by the programs that read it,
taken from the guide itself: nginx's (with a throwaway certificate in place of the
clinic's) and the systemd units of the server and the worker."""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
NGINX = Path("/usr/sbin/nginx")


def guide_block(language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1, f"the guide has one {language} block"
    return blocks[0]


def test_the_guides_nginx_configuration_passes_nginx_t():
    assert NGINX.exists(), "nginx is missing: install Debian's nginx package (make test does)"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            [
                "/usr/bin/openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=clinic.example.org",
                "-keyout",
                str(work / "key.pem"),
                "-out",
                str(work / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )
        server = (
            guide_block("nginx")
            .replace(
                "/etc/letsencrypt/live/clinic.example.org/fullchain.pem", str(work / "cert.pem")
            )
            .replace("/etc/letsencrypt/live/clinic.example.org/privkey.pem", str(work / "key.pem"))
            .replace("/var/log/nginx/mesoclinic.access.log", str(work / "access.log"))
        )
        (work / "nginx.conf").write_text(
            f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
            f"http {{\n{server}\n}}\n",
            encoding="utf-8",
        )
        result = subprocess.run(
            [
                str(NGINX),
                "-t",
                "-q",
                "-p",
                str(work),
                "-e",
                str(work / "error.log"),
                "-c",
                str(work / "nginx.conf"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )

    assert result.returncode == 0, result.stderr


SYSTEMD_ANALYZE = Path("/usr/bin/systemd-analyze")
MESOCLINIC = Path(sys.executable).with_name("mesoclinic")


def test_the_guides_systemd_units_pass_systemd_analyze_verify():
    assert SYSTEMD_ANALYZE.exists(), "systemd-analyze is missing: install Debian's systemd"
    units = re.findall(r"```ini\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(units) == 2, "the guide gives the server's unit and the worker's"
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        names = ("mesoclinic-web.service", "mesoclinic-worker@1.service")
        for name, unit in zip(names, units, strict=True):
            path = Path(tmp) / name
            # The guide's install path, here the checkout's own command, which exists.
            path.write_text(
                unit.replace("/srv/mesoclinic/app/.venv/bin/mesoclinic", str(MESOCLINIC)),
                encoding="utf-8",
            )
            paths.append(str(path))
        result = subprocess.run(
            [str(SYSTEMD_ANALYZE), "verify", "--man=no", *paths],
            capture_output=True,
            text=True,
            check=False,
        )

    # An unknown key is only a warning: any output at all is a mistake in the guide.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
