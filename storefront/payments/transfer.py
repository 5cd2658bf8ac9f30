"""What a buyer needs to pay an order by bank transfer: the VietQR code (on the page and as a PNG to save)
and the same details in text."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import segno

from storefront.orders.models import Order, PaymentMethod
from storefront.orders.status import is_awaiting_payment
from storefront.payments.vietqr import BankAccount, build_payload

#: NAPAS BINs of the banks people most often ask about; any other BIN is shown as its number.
BANK_NAMES = {
    "970436": "Vietcombank",
    "970415": "VietinBank",
    "970418": "BIDV",
    "970405": "Agribank",
    "970422": "MB Bank",
    "970407": "Techcombank",
    "970416": "ACB",
    "970432": "VPBank",
    "970423": "TPBank",
    "970403": "Sacombank",
}


@dataclass(frozen=True)
class TransferInstructions:
    payload: str
    qr_data_uri: str
    bank_name: str
    account_no: str
    account_name: str
    amount_vnd: int
    note: str


#: Error correction M, a 4-module quiet zone (as the banks' own codes). The page shows 5 px a module; the
#: saved picture has 10, so a banking app reading it from the gallery gets sharp edges.
QR_ERROR = "m"
QR_BORDER = 4
PAGE_SCALE = 5
SAVED_SCALE = 10


def shop_account(config: Mapping[str, Any]) -> BankAccount:
    return BankAccount(config["VIETQR_BANK_BIN"], config["VIETQR_ACCOUNT_NO"], config["VIETQR_ACCOUNT_NAME"])


def transfer_payload(order: Order, config: Mapping[str, Any], account: BankAccount | None = None) -> str:
    """The VietQR text for this order: the shop's account, the order's total and its reference as the note."""
    return build_payload(account or shop_account(config), amount_vnd=order.total_vnd, note=order.reference)


def is_awaiting_transfer(order: Order, now: datetime) -> bool:
    """A bank-transfer order whose money is still expected: unpaid and within its payment window."""
    return order.payment_method == PaymentMethod.BANK_TRANSFER and is_awaiting_payment(order.status, order.pay_by, now)


def transfer_qr_png(payload: str) -> bytes:
    """The code as a PNG file, for the buyer to save and open in a banking app on the same phone."""
    out = io.BytesIO()
    segno.make(payload, error=QR_ERROR).save(out, kind="png", scale=SAVED_SCALE, border=QR_BORDER)
    return out.getvalue()


def transfer_instructions(order: Order, config: Mapping[str, Any]) -> TransferInstructions:
    account = shop_account(config)
    payload = transfer_payload(order, config, account)
    qr = segno.make(payload, error=QR_ERROR)
    return TransferInstructions(
        payload=payload,
        # A PNG, not an SVG: "save image" from a long press gives a picture a banking app can open.
        qr_data_uri=qr.png_data_uri(scale=PAGE_SCALE, border=QR_BORDER),
        bank_name=BANK_NAMES.get(account.bin, account.bin),
        account_no=account.account_no,
        account_name=account.account_name,
        amount_vnd=order.total_vnd,
        note=order.reference,
    )
