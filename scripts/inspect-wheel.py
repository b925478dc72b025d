"""Inspects the offline-built wheel: it must carry the jsii assembly and the
generated module, and the module must at least compile. Importing it needs
the jsii runtime and aws-cdk-lib's Python package from PyPI, which this
environment cannot reach; that is reported, not hidden."""
import os
import py_compile
import sys
import tempfile
import zipfile

wheel = sys.argv[1]
names = zipfile.ZipFile(wheel).namelist()
assembly = [n for n in names if n.endswith('.jsii.tgz')]
init = [n for n in names if n.endswith('cdk_codeconnections/__init__.py')]
print(f"wheel {os.path.basename(wheel)}: {os.path.getsize(wheel)} bytes, {len(names)} files")
if not assembly or not init:
    sys.exit(f"wheel lacks the jsii assembly ({assembly}) or cdk_codeconnections/__init__.py ({init})")
print(f"  jsii assembly: {assembly[0]}")
with tempfile.TemporaryDirectory() as tmp:
    zipfile.ZipFile(wheel).extractall(tmp)
    for n in names:
        if n.endswith('.py'):
            py_compile.compile(os.path.join(tmp, n), doraise=True)
print("  every .py file compiles")
try:
    import jsii  # noqa: F401
    print("  jsii runtime present: import would be possible")
except ImportError:
    print("  not imported: the jsii and aws-cdk-lib Python packages come from PyPI, unreachable here")
