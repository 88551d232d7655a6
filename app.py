"""Entry point: ``python app.py`` serves the app; ``flask --app app ...`` runs CLI commands."""

from dialogcafe.server import prepare, quiet_eventlet_warning

quiet_eventlet_warning()  # before anything imports eventlet, for the server and the CLI

if __name__ == "__main__":
    prepare()  # must run before the app (and its database drivers) are imported

from dialogcafe import create_app

app = create_app()

if __name__ == "__main__":
    from dialogcafe.server import serve

    serve(app)
