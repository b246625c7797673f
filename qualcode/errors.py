"""The error hierarchy the core raises and the front ends turn into one line of text."""


class QualcodeError(Exception):
    """A problem the user can act on; its message is shown as is, without a traceback."""

    exit_code = 1


class ProjectError(QualcodeError):
    """A project is missing, already exists, or its database cannot be opened."""


class DatabaseURLError(QualcodeError):
    """A database URL is malformed, names an unsupported backend, or cannot be reached."""


class ImportFileError(QualcodeError):
    """A transcript file cannot be read or segmented; the message names the file."""


class CodebookError(QualcodeError):
    """A codebook file is invalid; the message names the file, the code path and the problem."""


class CodingError(QualcodeError):
    """A coding cannot be recorded, e.g. a second code of a mutually exclusive group."""


class SpanError(CodingError):
    """A span's offsets do not fit its segment's text; the message names the segment and its length."""


class NotFoundError(QualcodeError):
    """A document, code, coder or segment named by the user does not exist."""


class ExportError(QualcodeError):
    """An export cannot be written, e.g. its output path is not writable."""


class AgreementDataError(QualcodeError, ValueError):
    """Reliability data that no agreement statistic can use, e.g. a 1-D array or an unknown value."""


class BackupError(QualcodeError):
    """A backup cannot be taken or restored, or a file is not a backup of this project."""


class TeamAccessError(QualcodeError):
    """A team role cannot be granted or revoked, or the database refused the connected role an action."""


class DocumentAttributeError(QualcodeError):
    """A document attribute cannot be set: a bad KEY=VALUE, a control character, a reserved key."""
