from lvv.cases.models.action_item import ActionItem
from lvv.cases.models.case import Case
from lvv.cases.models.event import CaseEvent
from lvv.cases.models.person import Person
from lvv.cases.models.transfer import CaseTransfer, TransferStatus

__all__ = ["ActionItem", "Case", "CaseEvent", "CaseTransfer", "Person", "TransferStatus"]
