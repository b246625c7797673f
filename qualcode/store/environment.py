"""Where projects live by default: names free of SQLAlchemy, so the CLI's help can show them cheaply."""

DATABASE_URL_ENV = "QUALCODE_DATABASE_URL"
PROJECTS_DIR_ENV = "QUALCODE_PROJECTS_DIR"
DB_FILE_NAME = "project.db"
