// Exports of the provisioning part of eks-node; each module adds its line here.
export {};
