"""Operations: the answer log, its usage report, prompt A/B rollout and the settings reference."""
