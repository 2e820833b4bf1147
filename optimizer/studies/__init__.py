"""Policy studies: the baselines officials use, `compare`, the multi-shipment `replay`,
metrics and the report. Built on `optimizer.engine`; the engine never imports this.
"""
