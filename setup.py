"""Build hook: ship compiled catalogs and resources inside the package.

translations/ and resources/ live at the top of the repository; a wheel needs
them under hotel_phone/_data/, with the .po catalogs compiled to .mo.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent


class BuildWithData(build_py):
    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        data = Path(self.build_lib) / "hotel_phone" / "_data"
        for po in (ROOT / "translations").glob("*/LC_MESSAGES/*.po"):
            lang = po.parent.parent.name
            out = data / "locale" / lang / "LC_MESSAGES" / (po.stem + ".mo")
            out.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as f:
                catalog = read_po(f, locale=lang)
            with out.open("wb") as f:
                write_mo(f, catalog)
        if (ROOT / "resources").is_dir():
            shutil.copytree(ROOT / "resources", data / "resources", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithData})
