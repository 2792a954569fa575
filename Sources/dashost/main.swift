import DashostCore
print(DashostCoreVersion.string)
