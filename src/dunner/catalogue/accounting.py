"""Texts of importing what accounting software exports (detail ledgers, aging tables) and of
approximate figures, as (English, Chinese)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # what each sheet was read as (import --dry-run)
    "import.layout.detail_ledger": ("{sheet}: detail ledger, {customers}, {invoices}, {payments}, opening balances {openings}",
                                    "{sheet}：明细账，{customers}，{invoices}，{payments}，期初余额 {openings} 笔"),
    "import.layout.aging_table": ("{sheet}: aging table as of {as_of}, {customers}, {receivables} (approximate)",
                                  "{sheet}：账龄分析表（截至 {as_of}），{customers}，{receivables}（近似）"),
    "import.layout.invoices": ("{sheet}: invoice list, {rows}", "{sheet}：单据表，{rows}"),
    "import.layout.payments": ("{sheet}: payment list, {rows}", "{sheet}：回款表，{rows}"),
    "import.layout.customers": ("{sheet}: customer list, {rows}", "{sheet}：客户表，{rows}"),
    "count.customers.one": ("{n} customer", "客户 {n} 个"),
    "count.customers": ("{n} customers", "客户 {n} 个"),
    "count.invoices.one": ("{n} invoice", "单据 {n} 张"),
    "count.invoices": ("{n} invoices", "单据 {n} 张"),
    "count.payments.one": ("{n} payment", "回款 {n} 笔"),
    "count.payments": ("{n} payments", "回款 {n} 笔"),
    "count.receivables.one": ("{n} receivable", "应收 {n} 笔"),
    "count.receivables": ("{n} receivables", "应收 {n} 笔"),
    "count.rows.one": ("{n} row", "{n} 行"),
    "count.rows": ("{n} rows", "{n} 行"),
    # detail ledgers
    "import.detail.no_customer": ("no customer: the row has no 往来单位 and the sheet's title names none",
                                  "没有客户：本行没有往来单位，表头标题中也没有"),
    "import.detail.no_customer.hint": ("add a customer column (往来单位), or export one sheet per customer with 往来单位：name in its title",
                                       "请加上往来单位列，或按客户分表导出（标题含“往来单位：名称”）"),
    "import.detail.no_year": ("the sheet gives month and day but its title names no year (期间：2026年1期)",
                              "本表只有月、日，标题中没有年份（期间：2026年1期）"),
    "import.detail.balance": ("column {column}: the balance says {stated}, the rows above add up to {expected}",
                              "{column} 列：余额为 {stated}，按以上各行计算应为 {expected}"),
    "import.detail.balance.hint": ("check this row's amounts and its balance against the accounting software, then export again",
                                   "请在财务软件中核对本行金额和余额后重新导出"),
    "import.detail.opening_known": ("{customer}: the opening balance {number} is left out: the ledger already holds this customer's records up to that day",
                                    "{customer}：期初余额 {number} 未导入：账本中已有该客户截至当日的记录"),
    "import.detail.opening_known.hint": ("import the earlier period's export too, or record a difference by hand",
                                         "如有差额，请导入更早期间的明细账或手工记录"),
    # aging tables
    "import.aging.no_date": ("{file}: sheet {sheet} is an aging table whose title gives no as-of date (截止日期)",
                             "{file}：工作表 {sheet} 是账龄分析表，但标题中没有截止日期"),
    "import.aging.no_date.hint": ("give the day it was drawn up to, e.g. --as-of 2026-03-31",
                                  "请用 --as-of 指定截止日期，例如 --as-of 2026-03-31"),
    "import.aging.total": ("column {column}: the total says {stated}, the age columns add up to {added}",
                           "{column} 列：合计为 {stated}，各账龄列相加为 {added}"),
    "import.aging.total.hint": ("check the row against the accounting software, then export again",
                                "请在财务软件中核对本行后重新导出"),
    "import.aging.replaced": ("{customer}: the aging table's {count} approximate receivable(s) replaced by the detail",
                              "{customer}：账龄分析表的 {count} 笔近似应收已由明细替换"),
    "import.aging.skipped": ("{customer}: the aging table's figures are left out: the ledger holds this customer's detail",
                             "{customer}：账龄分析表的数字未导入：账本中已有该客户的明细"),
    "import.aging.skipped.hint": ("the detail (invoices, payments) is the record; update it with a newer detail export",
                                  "明细（单据、回款）为准；请导入更新的明细账"),
    # approximate figures in reports
    "approximate.legend": ("~ approximate: from an accounting export's opening balance or aging table",
                           "~ 近似数：来自财务软件导出的期初余额或账龄分析表"),
}
