; Inno Setup script: installs the one-folder bundle for every user of the desk PC.
; Built by .github/workflows/windows.yml (ISCC /DAppVersion=x.y.z packaging\hotel_phone.iss).
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

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; The Chinese wizard text (ChineseSimplified.isl) is an unofficial Inno Setup translation: add it here once it is vendored.

[Files]
Source: "..\dist\hotel-phone\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\hotel_phone"; Filename: "{app}\hotel-phone.exe"
Name: "{group}\hotel_phone (demo hotel)"; Filename: "{app}\hotel-phone.exe"; Parameters: "--demo"
Name: "{autodesktop}\hotel_phone"; Filename: "{app}\hotel-phone.exe"

[Run]
Filename: "{app}\hotel-phone.exe"; Description: "Start hotel_phone"; Flags: nowait postinstall skipifsilent
