"""The baseline for bench/throughput.py: a bare Flask "hello" app, served by gunicorn exactly like the real one."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
