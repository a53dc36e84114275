"""Long printed documents: the blank workshop kit, the coordinator's report and the
promotional one-pagers. The kit and the report are rendered by the background worker."""
