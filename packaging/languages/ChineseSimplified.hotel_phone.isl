; hotel_phone's own Simplified Chinese text for the Inno Setup wizard.
;
; Written for this project, for the pages and messages our installer shows
; (packaging/hotel_phone.iss): choosing the language, the welcome page, where
; to install, the Start-menu folder, ready to install, installing, finished,
; and uninstalling. It is listed after Inno Setup's Default.isl in [Languages],
; so every message not written here (rare errors, disk prompts, pages our
; script never shows) stays in English. Inno Setup's own Chinese translation
; is an unofficial one and is not used.
;
; Saved as UTF-8 with a byte-order mark (Inno Setup 6 before 6.3 needs it).
; Keep %1, %2, %n, [name], [name/ver] and [mb] exactly as in the English text.

[LangOptions]
LanguageName=<7B80><4F53><4E2D><6587>
LanguageID=$0804
LanguageCodePage=936

[Messages]

; Titles
SetupAppTitle=安装
SetupWindowTitle=安装 - %1
UninstallAppTitle=卸载
UninstallAppFullTitle=卸载 %1
InformationTitle=信息
ConfirmTitle=确认
ErrorTitle=错误

; Before the wizard starts
SetupLdrStartupMessage=即将安装 %1。是否继续?
SetupAlreadyRunning=安装程序已在运行。
WindowsVersionNotSupported=本程序不支持此电脑上的 Windows 版本。
AdminPrivilegesRequired=安装本程序须以管理员身份登录 Windows。
SetupAppRunningError=安装程序发现 %1 正在运行。%n%n请先关闭它,然后单击“确定”继续,或单击“取消”退出。
UninstallAppRunningError=卸载程序发现 %1 正在运行。%n%n请先关闭它,然后单击“确定”继续,或单击“取消”退出。

; Leaving
ExitSetupTitle=退出安装
ExitSetupMessage=安装尚未完成。现在退出,程序将不会被安装。%n%n您可以以后再运行安装程序完成安装。%n%n是否退出安装?

; Buttons
ButtonBack=< 上一步(&B)
ButtonNext=下一步(&N) >
ButtonInstall=安装(&I)
ButtonOK=确定
ButtonCancel=取消
ButtonYes=是(&Y)
ButtonYesToAll=全部是(&A)
ButtonNo=否(&N)
ButtonNoToAll=全部否(&O)
ButtonFinish=完成(&F)
ButtonBrowse=浏览(&B)...
ButtonWizardBrowse=浏览(&R)...
ButtonNewFolder=新建文件夹(&M)

; Choosing the language
SelectLanguageTitle=选择安装语言
SelectLanguageLabel=请选择安装过程中使用的语言:

; Common wizard text
ClickNext=单击“下一步”继续,或单击“取消”退出安装。
BrowseDialogTitle=浏览文件夹
BrowseDialogLabel=在下面的列表中选择一个文件夹,然后单击“确定”。
NewFolderName=新建文件夹

; Welcome
WelcomeLabel1=欢迎使用 [name] 安装向导
WelcomeLabel2=将在此电脑上安装 [name/ver]。%n%n建议先关闭其他所有程序再继续。

; Where to install
WizardSelectDir=选择安装位置
SelectDirDesc=[name] 要安装在哪里?
SelectDirLabel3=安装程序将把 [name] 安装到下面的文件夹。
SelectDirBrowseLabel=单击“下一步”继续。如要选择其他文件夹,请单击“浏览”。
DiskSpaceMBLabel=至少需要 [mb] MB 可用磁盘空间。
DirExistsTitle=文件夹已存在
DirExists=文件夹:%n%n%1%n%n已存在。仍要安装到该文件夹吗?
DirDoesntExistTitle=文件夹不存在
DirDoesntExist=文件夹:%n%n%1%n%n不存在。要创建该文件夹吗?
DiskSpaceWarningTitle=磁盘空间不足
DiskSpaceWarning=安装至少需要 %1 KB 可用空间,但所选驱动器只有 %2 KB。%n%n仍要继续吗?

; Start-menu folder
WizardSelectProgramGroup=选择开始菜单文件夹
SelectStartMenuFolderDesc=安装程序应把程序的快捷方式放在哪里?
SelectStartMenuFolderLabel3=安装程序将在下面的开始菜单文件夹中创建程序的快捷方式。
SelectStartMenuFolderBrowseLabel=单击“下一步”继续。如要选择其他文件夹,请单击“浏览”。
MustEnterGroupName=请输入文件夹名称。
NoProgramGroupCheck2=不创建开始菜单文件夹(&D)

; Ready to install
WizardReady=准备安装
ReadyLabel1=安装程序已准备好在此电脑上安装 [name]。
ReadyLabel2a=单击“安装”开始安装;如要查看或修改设置,请单击“上一步”。
ReadyLabel2b=单击“安装”开始安装。
ReadyMemoDir=安装位置:
ReadyMemoGroup=开始菜单文件夹:
ReadyMemoTasks=附加任务:

; Preparing and installing
WizardPreparing=正在准备安装
PreparingDesc=安装程序正在准备在此电脑上安装 [name]。
ApplicationsFound=下列程序正在使用安装程序需要更新的文件。建议让安装程序自动关闭这些程序。
ApplicationsFound2=下列程序正在使用安装程序需要更新的文件。建议让安装程序自动关闭这些程序。安装完成后,安装程序将尝试重新启动它们。
CloseApplications=自动关闭这些程序(&A)
DontCloseApplications=不关闭这些程序(&D)
WizardInstalling=正在安装
InstallingLabel=安装程序正在此电脑上安装 [name],请稍候。
StatusClosingApplications=正在关闭程序...
StatusCreateDirs=正在创建文件夹...
StatusExtractFiles=正在解压文件...
StatusCreateIcons=正在创建快捷方式...
StatusCreateRegistryEntries=正在写入注册表项...
StatusSavingUninstall=正在保存卸载信息...
StatusRunProgram=正在完成安装...
StatusRollback=正在撤消更改...
SetupAborted=安装未完成。%n%n请排除问题后重新运行安装程序。

; Finished
FinishedHeadingLabel=[name] 安装完成
FinishedLabelNoIcons=安装程序已在此电脑上安装好 [name]。
FinishedLabel=安装程序已在此电脑上安装好 [name]。可以通过已创建的快捷方式启动程序。
ClickFinish=单击“完成”退出安装程序。
RunEntryExec=运行 %1
RunEntryShellExec=查看 %1

; Uninstalling
ConfirmUninstall=确定要彻底删除 %1 及其所有组件吗?
OnlyAdminCanUninstall=只有具有管理员权限的用户才能卸载此程序。
UninstallStatusLabel=正在从此电脑上删除 %1,请稍候。
UninstalledAll=已从此电脑上删除 %1。
UninstalledMost=%1 卸载完成。%n%n有些项目未能删除,可以手动删除。
WizardUninstalling=卸载状态
StatusUninstalling=正在卸载 %1...
ShutdownBlockReasonInstallingApp=正在安装 %1。
ShutdownBlockReasonUninstallingApp=正在卸载 %1。

; Marks on the uninstall entry
UninstallDisplayNameMark=%1 (%2)
UninstallDisplayNameMark64Bit=64 位
UninstallDisplayNameMarkAllUsers=所有用户

[CustomMessages]
NameAndVersion=%1 版本 %2
AdditionalIcons=附加快捷方式:
CreateDesktopIcon=创建桌面快捷方式(&D)
UninstallProgram=卸载 %1
LaunchProgram=运行 %1
