// The system's SQLite (Debian: libsqlite3-dev), used directly by KeruenStore's SQLiteProvider.
#include <sqlite3.h>
