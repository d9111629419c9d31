import { useContext } from 'react';
import { ServicesContext, type Services } from './services.js';

/** The app's stores and API client (provided once by `App`). */
export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}
