; Inno Setup script: installs the one-folder bundle for every user of the desk PC.
; Built by .github/workflows/windows.yml (ISCC /DAppVersion=x.y.z packaging\hotel_phone.iss).
; Saved as UTF-8 with a byte-order mark: it holds Chinese (Inno Setup 6 before 6.3 needs the mark).
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6E0B3C52-7F1B-4C4E-9D0C-3F2A9E5B7A11}
AppName=hotel_phone
AppVersion={#AppVersion}
AppPublisher=hotel_phone developers
DefaultDirName={autopf}\hotel_phone
DefaultGroupName=hotel_phone
OutputDir=..\dist
OutputBaseFilename=hotel-phone-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
UninstallDisplayIcon={app}\hotel-phone.exe
; The wizard opens in the PC's language when it is one of ours; otherwise it asks.
ShowLanguageDialog=auto

[Languages]
; The names are the program's own language codes: {language} passes the choice on.
Name: "en"; MessagesFile: "compiler:Default.isl"
; Our Chinese text after Inno Setup's English: what we did not write stays English (see the .isl's head).
Name: "zh_CN"; MessagesFile: "compiler:Default.isl,languages\ChineseSimplified.hotel_phone.isl"

[CustomMessages]
en.DemoHotel=%1 (demo hotel)
zh_CN.DemoHotel=%1(演示酒店)

[Files]
Source: "..\dist\hotel-phone\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\hotel_phone"; Filename: "{app}\hotel-phone.exe"
Name: "{group}\{cm:DemoHotel,hotel_phone}"; Filename: "{app}\hotel-phone.exe"; Parameters: "--demo"
Name: "{group}\{cm:UninstallProgram,hotel_phone}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\hotel_phone"; Filename: "{app}\hotel-phone.exe"

[Run]
; Started from the wizard, the program speaks the language the wizard spoke.
Filename: "{app}\hotel-phone.exe"; Parameters: "--lang {language}"; Description: "{cm:LaunchProgram,hotel_phone}"; Flags: nowait postinstall skipifsilent
