"""The nginx configuration the deployment guide gives is one nginx accepts: read from the
guide itself, with a throwaway certificate in place of the clinic's."""

import re
import subprocess
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
