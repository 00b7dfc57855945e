"""A real S3-compatible endpoint for the tests: moto's server on a free local port.

Not a mocked client: boto3 (through django-storages) and plain HTTP clients talk to a
server over TCP, as they would to a provider. Reusable outside pytest too (a smoke run):

    with s3_endpoint() as endpoint:
        create_media_buckets(endpoint, "udr-public", "udr-private")
        os.environ.update(s3_environment(endpoint, "udr-public", "udr-private"))
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message

import boto3
from botocore.config import Config
from moto.server import ThreadedMotoServer

# moto accepts any key; these only have to be the same on both sides.
ACCESS_KEY_ID = "udr-test-key"
SECRET_ACCESS_KEY = "udr-test-secret"
REGION = "eu-west-3"


@contextmanager
def s3_endpoint() -> Iterator[str]:
    """Runs moto's S3 server on 127.0.0.1, a free port; yields its URL."""
    # One log line per request would bury a test's own output.
    request_log = logging.getLogger("werkzeug")
    level = request_log.level
    request_log.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        request_log.setLevel(level)


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
        region_name=REGION,
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
    )


def create_media_buckets(endpoint: str, public: str, private: str) -> None:
    """The two buckets as the README asks: anyone may read ``public`` (bucket policy),
    nobody may read ``private`` without a signature (its public access blocked)."""
    client = s3_client(endpoint)
    for bucket in (public, private):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
    client.put_bucket_policy(
        Bucket=public,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "PublicRead",
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{public}/*",
                    }
                ],
            }
        ),
    )
    client.put_public_access_block(
        Bucket=private,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )


def http_get(url: str) -> tuple[int, Message, bytes]:
    """GET ``url`` as a browser with no credential would; (status, headers, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local server
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def s3_environment(endpoint: str, public: str, private: str) -> dict[str, str]:
    """The environment variables that point the site's media at these buckets."""
    return {
        "S3_BUCKET": public,
        "S3_PRIVATE_BUCKET": private,
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "S3_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        "S3_REGION": REGION,
    }
