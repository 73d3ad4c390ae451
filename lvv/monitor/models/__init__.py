from lvv.monitor.models.measurement import SavedMeasurement

__all__ = ["SavedMeasurement"]
