from core.menu import MenuItem

MENU = [
    MenuItem("业务办理", "文书管理", "documents:list", perm="documents.view_generateddocument", icon="bi-file-earmark-word", order=90),
]
