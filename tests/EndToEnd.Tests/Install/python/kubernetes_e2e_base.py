"""Stands in for kubernetes.e2e_test.base, which Debian's python3-kubernetes does not ship.

Loaded with `pytest -p kubernetes_e2e_base`: it registers the module under the name the client's own dynamic-client
tests import, with the one function they call, which reads the kubeconfig named by $KUBECONFIG.
"""
import os
import sys
import types

from kubernetes import client, config


def get_e2e_configuration():
    configuration = client.Configuration()
    config.load_kube_config(config_file=os.environ["KUBECONFIG"], client_configuration=configuration)
    return configuration


_package = types.ModuleType("kubernetes.e2e_test")
_base = types.ModuleType("kubernetes.e2e_test.base")
_base.get_e2e_configuration = get_e2e_configuration
_package.base = _base
sys.modules["kubernetes.e2e_test"] = _package
sys.modules["kubernetes.e2e_test.base"] = _base
