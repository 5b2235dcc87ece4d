export * from './customer-profile';
export * from './queries';
export * from './profile-consents';
