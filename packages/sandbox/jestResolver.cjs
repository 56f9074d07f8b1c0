/*
 * kubernetes-models and @kubernetes-models/* export their files to `import`
 * only; jest resolves `require`s with the `require` condition, so their
 * internal imports (e.g. `kubernetes-models/_schemas/IoK8sApiCoreV1Taint`)
 * are resolved here with the `import` condition (jest's transform makes the
 * ES modules CommonJS). Node itself loads them with require(esm).
 */
module.exports = (path, options) => {
  if (/^(kubernetes-models|@kubernetes-models\/)/.test(path)) {
    return options.defaultResolver(path, {
      ...options,
      conditions: ['import', 'default'],
    });
  }
  return options.defaultResolver(path, options);
};
