; Inno Setup script: wraps the PyInstaller folder dist\aftersales into a Windows installer.
[Setup]
AppName=After-sales Desktop
AppVersion=0.1.0
DefaultDirName={autopf}\AftersalesDesktop
DefaultGroupName=After-sales Desktop
OutputBaseFilename=aftersales-desktop-setup
PrivilegesRequired=lowest

[Files]
Source: "..\dist\aftersales\*"; DestDir: "{app}"; Flags: recursesubdirs

[Icons]
Name: "{group}\After-sales Desktop"; Filename: "{app}\aftersales.exe"
Name: "{group}\After-sales Desktop (demo)"; Filename: "{app}\aftersales.exe"; Parameters: "--demo"
