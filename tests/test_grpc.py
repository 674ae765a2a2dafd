"""grpcio with a real generated stub, against a canary that must see nothing.

tests/protos/shop.proto is compiled with grpcio-tools when the tests start
(generated code is tied to the protobuf release, so none is committed). The
canary is a TCP server on 127.0.0.2, not an allowed host: gRPC's C core
would open a connection to it (and send the HTTP/2 preface) if a channel
got through.
"""

from __future__ import annotations

import asyncio
import importlib
import shutil
import sys
import tempfile
from concurrent import futures
from pathlib import Path

import grpc
import grpc.aio
from grpc_tools import protoc

from tests.test_httplib2 import CanaryTestCase

PROTOS = Path(__file__).resolve().parent / "protos"


def generate() -> tuple[object, object, str]:
    """shop_pb2 and shop_pb2_grpc, built into a temporary folder."""
    folder = tempfile.mkdtemp(prefix="apimock-grpc-")
    status = protoc.main(
        [
            "grpc_tools.protoc",
            f"-I{PROTOS}",
            f"--python_out={folder}",
            f"--grpc_python_out={folder}",
            str(PROTOS / "shop.proto"),
        ]
    )
    if status != 0:
        raise RuntimeError(f"protoc failed ({status}) on {PROTOS / 'shop.proto'}")
    sys.path.insert(0, folder)
    try:
        return (
            importlib.import_module("shop_pb2"),
            importlib.import_module("shop_pb2_grpc"),
            folder,
        )
    finally:
        sys.path.remove(folder)


class GrpcTestCase(CanaryTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pb2, cls.pb2_grpc, folder = generate()
        cls.addClassCleanup(shutil.rmtree, folder)
        cls.addClassCleanup(sys.modules.pop, "shop_pb2", None)
        cls.addClassCleanup(sys.modules.pop, "shop_pb2_grpc", None)

    def setUp(self):
        super().setUp()
        self.target = f"127.0.0.2:{self.canary.port}"
        self.get_item = f"grpc://{self.target}/shop.v1.Items/GetItem"
        self.list_items = f"grpc://{self.target}/shop.v1.Items/ListItems"

    def items(self, channel):
        return self.pb2_grpc.ItemsStub(channel)


class SyncChannelTest(GrpcTestCase):
    def test_unstubbed_is_refused_naming_target_and_method(self):
        for make in (
            lambda: grpc.insecure_channel(self.target),
            lambda: grpc.secure_channel(self.target, grpc.ssl_channel_credentials()),
        ):
            with self.subTest(make), make() as channel:
                with self.assertUnmatched() as caught:
                    self.items(channel).GetItem(self.pb2.GetItemRequest(id="i1"))

                self.assertIn(f"GRPC {self.get_item}", str(caught.exception))
        self.assertCanaryUntouched()

    def test_a_stub_answers_with_the_calls_own_message_type(self):
        self.api.add(
            "GRPC",
            self.get_item,
            json={"id": "i1", "name": "Lamp", "price_cents": 1250},
            match={"json": {"id": "i1"}},
        )

        with grpc.insecure_channel(self.target) as channel:
            item = self.items(channel).GetItem(
                self.pb2.GetItemRequest(id="i1"), timeout=5, metadata=[("x-key", "k")]
            )

        self.assertIsInstance(item, self.pb2.Item)
        self.assertEqual((item.name, item.price_cents), ("Lamp", 1250))
        self.assertAPICalled("GRPC", self.get_item, json={"id": "i1"}, times=1)
        self.assertEqual(self.api.calls[0].request.headers["x-key"], "k")
        self.assertEqual(self.api.calls[0].client, "grpc")
        self.assertCanaryUntouched()

    def test_with_call_and_future(self):
        self.api.add("GRPC", self.get_item, json={"id": "i1"})

        with grpc.insecure_channel(self.target) as channel:
            item, call = self.items(channel).GetItem.with_call(
                self.pb2.GetItemRequest(id="i1")
            )
            future = self.items(channel).GetItem.future(self.pb2.GetItemRequest())

        self.assertEqual(item.id, "i1")
        self.assertEqual(call.code(), grpc.StatusCode.OK)
        self.assertEqual(future.result().id, "i1")

    def test_a_streamed_response(self):
        self.api.add(
            "GRPC",
            self.list_items,
            json=[{"id": "i1", "name": "Lamp"}, {"id": "i2", "name": "Desk"}],
        )

        with grpc.insecure_channel(self.target) as channel:
            stream = self.items(channel).ListItems(self.pb2.ListItemsRequest(limit=2))
            names = [item.name for item in stream]

        self.assertEqual(names, ["Lamp", "Desk"])
        self.assertEqual(stream.code(), grpc.StatusCode.OK)

    def test_a_status_is_the_rpc_error_a_server_would_raise(self):
        self.api.add(
            "GRPC", self.get_item, grpc_status="NOT_FOUND", grpc_details="no item i9"
        )

        with (
            grpc.insecure_channel(self.target) as channel,
            self.assertRaises(grpc.RpcError) as caught,
        ):
            self.items(channel).GetItem(self.pb2.GetItemRequest(id="i9"))

        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertEqual(caught.exception.details(), "no item i9")

    def test_faults_are_status_codes(self):
        for error, code in (
            ("timeout", grpc.StatusCode.DEADLINE_EXCEEDED),
            ("connection_error", grpc.StatusCode.UNAVAILABLE),
        ):
            with self.subTest(error):
                self.api.reset()
                self.api.add("GRPC", self.get_item, error=error)
                with (
                    grpc.insecure_channel(self.target) as channel,
                    self.assertRaises(grpc.RpcError) as caught,
                ):
                    self.items(channel).GetItem(self.pb2.GetItemRequest())

                self.assertEqual(caught.exception.code(), code)

    def test_an_allowed_target_gets_a_real_channel(self):
        pb2 = self.pb2

        class Items(self.pb2_grpc.ItemsServicer):
            def GetItem(self, request, context):
                return pb2.Item(id=request.id, name="from the real server")

        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        self.pb2_grpc.add_ItemsServicer_to_server(Items(), server)
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self.addCleanup(lambda: server.stop(grace=1).wait(5))

        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            item = self.items(channel).GetItem(pb2.GetItemRequest(id="r1"), timeout=10)

        self.assertEqual((item.id, item.name), ("r1", "from the real server"))


class AioChannelTest(GrpcTestCase):
    def run_async(self, make_coroutine):
        return asyncio.run(make_coroutine())

    def test_unstubbed_is_refused(self):
        async def call():
            async with grpc.aio.insecure_channel(self.target) as channel:
                await self.items(channel).GetItem(self.pb2.GetItemRequest(id="i1"))

        with self.assertUnmatched() as caught:
            self.run_async(call)

        self.assertIn(f"GRPC {self.get_item}", str(caught.exception))
        self.assertCanaryUntouched()

    def test_unary_and_stream_answers_and_a_status(self):
        self.api.add("GRPC", self.get_item, json={"id": "i1", "name": "Lamp"})
        self.api.add("GRPC", self.list_items, json=[{"id": "a"}, {"id": "b"}])
        self.api.add(
            "GRPC",
            self.get_item,
            grpc_status="PERMISSION_DENIED",
            grpc_details="not yours",
            match={"json": {"id": "secret"}},
        )

        async def calls():
            credentials = grpc.ssl_channel_credentials()
            async with grpc.aio.secure_channel(self.target, credentials) as channel:
                items = self.items(channel)
                item = await items.GetItem(self.pb2.GetItemRequest(id="i1"))
                streamed = [
                    each.id
                    async for each in items.ListItems(self.pb2.ListItemsRequest())
                ]
                try:
                    await items.GetItem(self.pb2.GetItemRequest(id="secret"))
                except grpc.aio.AioRpcError as error:
                    failed = (error.code(), error.details())
            return item, streamed, failed

        item, streamed, failed = self.run_async(calls)

        self.assertIsInstance(item, self.pb2.Item)
        self.assertEqual(item.name, "Lamp")
        self.assertEqual(streamed, ["a", "b"])
        self.assertEqual(failed, (grpc.StatusCode.PERMISSION_DENIED, "not yours"))
        self.assertCanaryUntouched()
