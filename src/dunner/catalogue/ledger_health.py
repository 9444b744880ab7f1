"""Texts of the ledger check, backups and upgrades, as (English, Chinese)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "dbcheck.integrity": ("the database file is damaged: {detail}",
                          "数据库文件已损坏：{detail}"),
    "dbcheck.orphan": ("{table} row {row} belongs to customer {customer_id}, which does not exist",
                       "{table} 第 {row} 行属于不存在的客户 {customer_id}"),
    "dbcheck.unmatched": ("{customer}: payment P{payment} names invoice {invoice}, which the "
                          "customer does not have",
                          "{customer}：回款 P{payment} 指向的单据 {invoice} 不属于该客户"),
    "dbcheck.over_invoice": ("{customer}: invoice {invoice} receives {allocated}, more than its "
                             "amount {amount}",
                             "{customer}：单据 {invoice} 分到 {allocated}，超过其金额 {amount}"),
    "dbcheck.over_payment": ("{customer}: payment P{payment} gives {allocated}, more than its "
                             "amount {amount}",
                             "{customer}：回款 P{payment} 分出 {allocated}，超过其金额 {amount}"),
    "dbcheck.balance": ("{customer}: invoices less payments come to {expected}, but open less "
                        "credit is {open} − {credit}",
                        "{customer}：应收合计减回款为 {expected}，但未收减预收为 {open} − {credit}"),
    "dbcheck.clean": ("ledger OK: {customers} customers checked{integrity}",
                      "账本正常：已检查 {customers} 个客户{integrity}"),
    "dbcheck.clean.integrity": (", file intact", "，文件完好"),
    "dbcheck.found": ("{n} problem(s) found; restore the latest backup (dunner db backup makes "
                      "them) or correct the rows named above",
                      "发现 {n} 个问题；请恢复最近的备份（dunner db backup 可生成），或更正上面列出的记录"),
}
