print("dashost")
