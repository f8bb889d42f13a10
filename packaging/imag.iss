; Inno Setup script: a per-user installer for the one-folder Windows build, no admin rights needed.
;
; On Windows, after "python packaging\build.py --lang pl" has built dist\imag-pl\:
;   iscc /DLang=pl /DAppVersion=0.1.0 packaging\imag.iss
; gives dist\IMAG-Register-pl-0.1.0-setup.exe. The installer speaks German, Polish or Czech (it
; asks, proposing the language of Windows); the program's default language is the build's.
; It installs into %LOCALAPPDATA%\Programs\IMAG-Register, adds a start-menu entry and an
; uninstaller. The register and the settings live in %LOCALAPPDATA%\IMAG-Register and are kept
; when the program is uninstalled.
;
; Not compiled in CI: Inno Setup runs on Windows only.

#ifndef Lang
  #define Lang "de"
#endif
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "IMAG-Register"
#define Build "..\dist\imag-" + Lang

[Setup]
AppId={{6C3B0E0A-51D7-4C1E-9A55-2B0C2F1E7A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=IMAG register developers
AppComments=Register of the measures of Saxony's International Strategy (IMAG)
; Per user, without admin rights; never offers to install for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Uninstallable=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\imag.exe
; A running program holds the register's lock: ask to close it first.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
OutputDir=..\dist
OutputBaseFilename={#AppName}-{#Lang}-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "pl"; MessagesFile: "compiler:Languages\Polish.isl"
Name: "cs"; MessagesFile: "compiler:Languages\Czech.isl"

[CustomMessages]
de.CommandLine=IMAG-Register (Befehlszeile)
pl.CommandLine=IMAG-Register (wiersz poleceń)
cs.CommandLine=IMAG-Register (příkazový řádek)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: imag.exe (the window), imag-cli.exe (the command line), _internal\.
Source: "{#Build}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the bundle as a whole, so that no file of an older version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\imag.exe"; WorkingDir: "{app}"
Name: "{group}\{cm:CommandLine}"; Filename: "{cmd}"; Parameters: "/k ""{app}\imag-cli.exe"" --help"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\imag.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\imag.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
