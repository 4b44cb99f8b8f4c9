"""gunicorn's settings, read by every way the project starts it (the Dockerfile,
docker-compose, `make load`): gunicorn reads ./gunicorn.conf.py by itself, and the commands
also name it. Bind address, workers and timeout stay on the command line.

The logger keeps BSNs and query strings out of the error and access log (see
config/gunicorn_logging.py); the access log goes to standard output.
"""

logger_class = "config.gunicorn_logging.RedactingLogger"
accesslog = "-"
