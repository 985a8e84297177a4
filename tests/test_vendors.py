"""Vendor and product names folded for counting (pipeline/vendors.py, rules/vendors.json)."""
from __future__ import annotations

import pytest

from pipeline.vendors import products, vendor_name


@pytest.mark.parametrize("printed, company, role_note", [
    ("株式会社日立システムズ（構築事業者）", "日立システムズ", "構築事業者"),
    ("Microsoft（サービス提供事業者）", "Microsoft", "サービス提供事業者"),
    ("マイクロソフト", "Microsoft", None),
    ("サイボウズ株式会社", "サイボウズ", None),
    ("（株）ＲＥＬＡＴＩＯＮ", "RELATION", None),  # full width folded, (株) is a legal form, not a role
    ("㈱ガバメイツ", "ガバメイツ", None),
    ("有限会社 山田商店", "山田商店", None),
    ("日本電気株式会社（業務システム改修）等", "日本電気", "業務システム改修 等"),
    ("NTTe-Sports (eスポーツイベントの運営)", "NTTe-Sports", "eスポーツイベントの運営"),
    ("東日本電信電話株式会社", "NTT東日本", None),
    ("ACME Co., Ltd.", "ACME", None),
    ("Example Inc.", "Example", None),
    ("株式会社", "株式会社", None),  # nothing left: keep what was printed
])
def test_vendor_name(printed, company, role_note):
    v = vendor_name(printed)
    assert (v.name, v.company, v.role_note) == (printed, company, role_note)


@pytest.mark.parametrize("cell, want", [
    ("①WinActor", [("WinActor", None)]),
    ("③FormBridge・kViewer・PrintCreator", [("FormBridge", None), ("kViewer", None), ("PrintCreator", None)]),
    ("支払・決裁（ペイジェントクレジット決裁）", [("支払・決裁", "ペイジェントクレジット決裁")]),
    ("①UiPath ②kintone（20アカウント）", [("UiPath", None), ("kintone", "20アカウント")]),
    ("LINE、Zoom", [("LINE", None), ("Zoom", None)]),
    ("Teams（会議、チャット）", [("Teams", "会議、チャット")]),  # a note's own comma splits nothing
    ("AI×Web3.0メタバース『XANA』", [("AI×Web3.0メタバース『XANA』", None)]),
])
def test_products(cell, want):
    got = products(cell)
    assert [(p.product, p.note) for p in got] == want
    assert all(p.name == cell for p in got)
