import { runHelm } from './main';

// bin/helm: the arguments after `helm`, and helm's exit code
runHelm(process.argv.slice(2)).then(code => {
  process.exitCode = code;
});
