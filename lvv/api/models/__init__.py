from lvv.api.models.credentials import ApiApplication, ApiToken
from lvv.api.models.throttle import ApiRateWindow

__all__ = ["ApiApplication", "ApiRateWindow", "ApiToken"]
