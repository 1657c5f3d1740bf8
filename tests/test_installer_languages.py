"""The Windows installer's script and its Chinese text hang together (Inno Setup itself does not run here:
the installer is compiled by .github/workflows/windows.yml on a Windows runner)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISS = ROOT / "packaging" / "hotel_phone.iss"
ISL = ROOT / "packaging" / "languages" / "ChineseSimplified.hotel_phone.isl"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
# Custom messages Inno Setup's Default.isl defines in English; ours must give them in Chinese when used.
INNO_CUSTOM = {"NameAndVersion", "AdditionalIcons", "CreateDesktopIcon", "CreateQuickLaunchIcon", "ProgramOnTheWeb",
               "UninstallProgram", "LaunchProgram", "AssocFileExtension", "AssocingFileExtension",
               "AutoStartProgramGroupDescription", "AutoStartProgram", "AddonHostProgramNotFound"}
PLACEHOLDER = re.compile(r"%\d|%n|\[[a-z/]+\]")


def _sections(text: str) -> dict[str, list[tuple[str, str]]]:
    sections, current = {}, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None and "=" in line and not line.startswith("Name:") and not line.startswith(
                "Source:") and not line.startswith("Filename:"):
            key, value = line.split("=", 1)
            current.append((key.strip(), value))
        elif current is not None:
            current.append(("", line))
    return sections


def test_both_files_are_utf8_with_a_byte_order_mark():
    for path in (ISS, ISL):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path
        raw.decode("utf-8")


def test_the_chinese_messages_file():
    sections = _sections(ISL.read_text(encoding="utf-8-sig"))
    options = dict(sections["LangOptions"])
    assert options["LanguageID"] == "$0804"  # Simplified Chinese, China: chosen on a Chinese Windows
    name = "".join(chr(int(code, 16)) for code in re.findall(r"<([0-9A-F]{4})>", options["LanguageName"]))
    assert name == "简体中文"
    for section in ("Messages", "CustomMessages"):
        keys = [key for key, _value in sections[section]]
        assert len(keys) == len(set(keys)), f"a message written twice in [{section}]"
        for key, value in sections[section]:
            assert value.strip() and re.search(r"[\u4e00-\u9fff]", value) or key.startswith("UninstallDisplayName"), key
            assert set(PLACEHOLDER.findall(value)) <= {"%1", "%2", "%n", "[name]", "[name/ver]", "[mb]"}, key
    messages = dict(sections["Messages"])
    for page in ("WelcomeLabel1", "WizardSelectDir", "WizardSelectProgramGroup", "WizardReady", "WizardInstalling",
                 "FinishedHeadingLabel", "ButtonNext", "ButtonInstall", "ButtonFinish", "ConfirmUninstall"):
        assert page in messages, page  # the pages our installer shows are in Chinese


def test_every_custom_message_the_script_uses_exists_in_both_languages():
    script = ISS.read_text(encoding="utf-8-sig")
    used = set(re.findall(r"\{cm:(\w+)", script))
    assert used >= {"DemoHotel", "UninstallProgram", "LaunchProgram"}
    ours = {key for key, _value in _sections(script)["CustomMessages"]}
    zh_isl = {key for key, _value in _sections(ISL.read_text(encoding="utf-8-sig"))["CustomMessages"]}
    for name in used:
        assert f"en.{name}" in ours or name in INNO_CUSTOM, name
        assert f"zh_CN.{name}" in ours or name in zh_isl, name
    assert 'Name: "zh_CN"; MessagesFile: "compiler:Default.isl,languages\\ChineseSimplified.hotel_phone.isl"' in script
    assert '"--lang {language}"' in script  # the program starts in the wizard's language: our codes are its names


def test_the_workflow_compiles_this_script():
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert "ISCC.exe" in workflow and "packaging\\hotel_phone.iss" in workflow
    assert '"packaging/**"' in workflow  # a change of the script or the Chinese text is compiled there too
