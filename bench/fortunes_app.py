"""The yardstick: TechEmpower's "fortunes" in minimal Flask, served by gunicorn beside the shop.

Per request: 12 rows read through SQLAlchemy (Flask-SQLAlchemy's session, as the shop reads), one more
added in memory, sorted, and rendered by a Jinja2 template with autoescaping. `FORTUNES_DATABASE_URL`
names the SQLite file; `bench/run.py` fills it with `create_database()` before starting gunicorn.
"""

from __future__ import annotations

import os

from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy import String, create_engine, insert, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DEFAULT_URL = "sqlite:///" + os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "fortunes.sqlite3")

# The twelve messages of the TechEmpower benchmark (one carries markup that the template must escape).
MESSAGES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]

TEMPLATE = """<!doctype html>
<html><head><title>Fortunes</title></head>
<body><table>
<tr><th>id</th><th>message</th></tr>
{% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>
{% endfor %}</table></body></html>
"""


class Base(DeclarativeBase):
    pass


class Fortune(Base):
    __tablename__ = "fortune"
    id: Mapped[int] = mapped_column(primary_key=True)
    message: Mapped[str] = mapped_column(String(2048))


def create_database(url: str = DEFAULT_URL) -> None:
    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(text("PRAGMA journal_mode=WAL")) if engine.dialect.name == "sqlite" else None
        connection.execute(insert(Fortune), [{"message": m} for m in MESSAGES])
    engine.dispose()


db = SQLAlchemy(model_class=Base)


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("FORTUNES_DATABASE_URL", DEFAULT_URL)
    app.jinja_loader = DictLoader({"fortunes.html": TEMPLATE})
    db.init_app(app)

    @app.get("/fortunes")
    def fortunes() -> str:
        rows = list(db.session.execute(select(Fortune)).scalars())
        rows.append(Fortune(id=0, message="Additional fortune added at request time."))
        rows.sort(key=lambda fortune: fortune.message)
        return render_template("fortunes.html", fortunes=rows)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


app = create_app()
