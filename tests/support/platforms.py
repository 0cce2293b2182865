"""Local stand-ins for the robot platforms and a mail server, on 127.0.0.1, for the reminder tests.

The HTTP server plays 钉钉 (/dingtalk), 企业微信 (/wecom) and 飞书 (/feishu): it checks the signature the way
each platform documents it, records every body, and can answer with the platform's error, a 500 once, or
hang past the sender's timeout. The SMTP server is aiosmtpd's.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "SEC0123456789abcdef-test-secret"
# Answers no robot documents: not its JSON object, a redirect, a trickle, an endless body.
HOSTILE = {"array": b"[1,2,3]", "null": b"null", "string": b'"ok"', "bool_code": b'{"errcode": false}',
           "html": b"<html>hello</html>", "deep": b"[" * 100_000}


class FakePlatforms:
    """Records `received[path]` bodies; `mode[path]` is ok | error | fail_once | hang, or one of HOSTILE."""

    def __init__(self):
        self.received: dict[str, list[dict]] = {"dingtalk": [], "wecom": [], "feishu": []}
        self.mode: dict[str, str] = {}
        self.secret = SECRET
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, kind: str) -> str:
        query = "?access_token=test" if kind == "dingtalk" else "?key=test" if kind == "wecom" else ""
        return f"http://127.0.0.1:{self.server.server_port}/{kind}{query}"

    def _signed(self, kind: str, query: dict, body: dict) -> bool:
        if kind == "dingtalk":  # HmacSHA256(secret, "timestamp\nsecret") in the query, within an hour
            stamp = query.get("timestamp", ["0"])[0]
            digest = hmac.new(self.secret.encode(), f"{stamp}\n{self.secret}".encode(), hashlib.sha256).digest()
            return (abs(time.time() * 1000 - int(stamp)) < 3_600_000
                    and query.get("sign", [""])[0] == base64.b64encode(digest).decode())
        if kind == "feishu":  # HmacSHA256(key="timestamp\nsecret", ""), in the body
            stamp = body.get("timestamp", "0")
            digest = hmac.new(f"{stamp}\n{self.secret}".encode(), b"", hashlib.sha256).digest()
            return abs(time.time() - int(stamp)) < 3600 and body.get("sign") == base64.b64encode(digest).decode()
        return True

    def _handler(self):
        platforms = self
        failures = {"bad_sign": {"dingtalk": {"errcode": 310000, "errmsg": "sign not match"},
                                 "feishu": {"code": 19021, "msg": "sign match fail"},
                                 "wecom": {"errcode": 93000, "errmsg": "invalid webhook url"}}}

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                address = urllib.parse.urlparse(self.path)
                kind = address.path.strip("/")
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                mode = platforms.mode.get(kind, "ok")
                if mode == "hang":
                    time.sleep(3)
                    return
                if mode in HOSTILE:
                    platforms.received[kind].append(body)
                    self._raw(200, HOSTILE[mode])
                    return
                if mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", f"/{kind}?redirected=1")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if mode in ("trickle", "endless"):
                    self._stream(mode)
                    return
                if mode == "fail_once":
                    platforms.mode[kind] = "ok"
                    self._answer(500, {"error": "busy"})
                    return
                if mode == "error" or not platforms._signed(kind, urllib.parse.parse_qs(address.query), body):
                    self._answer(200, failures["bad_sign"][kind])
                    return
                platforms.received[kind].append(body)
                self._answer(200, {"code": 0, "msg": "success"} if kind == "feishu" else {"errcode": 0, "errmsg": "ok"})

            def _stream(self, mode: str):
                """One byte every 0.4 s, or 1 MB chunks without end, until the sender hangs up (bounded)."""
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                started = time.monotonic()
                try:
                    while time.monotonic() - started < 30:
                        self.wfile.write(b" " if mode == "trickle" else b" " * (1 << 20))
                        self.wfile.flush()
                        if mode == "trickle":
                            time.sleep(0.4)
                except OSError:
                    return

            def _raw(self, status: int, data: bytes):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _answer(self, status: int, payload: dict):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
