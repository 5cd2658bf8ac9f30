"""What a buyer needs to pay an order by bank transfer: the VietQR code and the same details in text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import segno

from storefront.orders.models import Order
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


def transfer_instructions(order: Order, config: Mapping[str, Any]) -> TransferInstructions:
    account = BankAccount(config["VIETQR_BANK_BIN"], config["VIETQR_ACCOUNT_NO"], config["VIETQR_ACCOUNT_NAME"])
    payload = build_payload(account, amount_vnd=order.total_vnd, note=order.reference)
    qr = segno.make(payload, error="m")
    return TransferInstructions(
        payload=payload,
        qr_data_uri=qr.svg_data_uri(scale=5, border=4),
        bank_name=BANK_NAMES.get(account.bin, account.bin),
        account_no=account.account_no,
        account_name=account.account_name,
        amount_vnd=order.total_vnd,
        note=order.reference,
    )
